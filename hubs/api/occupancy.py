"""A hub's occupancy and utilisation, as hubs/{id}/occupancy/ gives them: who occupies the hub, the
floor area occupied and vacant, agreements ending soon, and how much the bookable spaces were used."""

from django.utils import timezone
from rest_framework import serializers

from localism.core.api import NamedSerializer
from localism.core.dates import EVENTS

from .. import selectors
from .common import _area, _hours, _percent


class OccupierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = NamedSerializer()
    agreement = serializers.CharField(help_text="lease, licence, mou or council_use.")
    agreement_label = serializers.CharField(source="get_agreement_display")
    spaces = NamedSerializer(many=True, source="spaces.all")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    break_date = serializers.DateField(allow_null=True)
    yearly_charge = serializers.DecimalField(max_digits=12, decimal_places=2)


class ExpiringSerializer(serializers.Serializer):
    occupancy = serializers.IntegerField(source="occupancy.pk", help_text="The occupancy's id.")
    organisation = serializers.CharField(source="occupancy.organisation.name")
    kind = serializers.CharField(help_text="`ends`: the agreement ends; `break`: it reaches its break date.")
    date = serializers.DateField()


class OverLetSerializer(serializers.Serializer):
    space = NamedSerializer()
    max_occupiers = serializers.IntegerField(source="space.max_occupiers",
                                             help_text="How many occupiers the space takes at once.")
    occupancies = serializers.SerializerMethodField(help_text="The ids of the occupancies that hold it, "
                                                              "earliest first.")
    counted = serializers.SerializerMethodField(help_text="The ids of those the figures count.")

    def get_occupancies(self, item) -> list[int]:
        return [o.pk for o in item["occupancies"]]

    def get_counted(self, item) -> list[int]:
        return [o.pk for o in item["counted"]]


class SpaceUseSerializer(serializers.Serializer):
    space = NamedSerializer()
    bookable_hours = _hours(source="bookable")
    booked_hours = _hours(source="booked")
    rate = _percent(help_text="Booked hours as a percentage of bookable hours.")


class WeekUseSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="The Monday the week starts.")
    bookable_hours = _hours(source="bookable")
    booked_hours = _hours(source="booked")
    rate = _percent()


class UtilisationSerializer(serializers.Serializer):
    # "from" is a Python keyword, so the period's bounds are declared by name.
    locals().update({"from": serializers.DateField(source="start"), "to": serializers.DateField(source="end")})
    bookable_hours = _hours(source="bookable")
    booked_hours = _hours(source="booked")
    rate = _percent()
    by_space = SpaceUseSerializer(many=True)
    by_week = WeekUseSerializer(many=True)


class HubOccupancySerializer(serializers.Serializer):
    hub = NamedSerializer()
    on = serializers.DateField(help_text="The day the occupancy figures are for: today.")
    occupancies = OccupierSerializer(many=True, source="summary.occupancies")
    total_area_m2 = _area(source="summary.total_area")
    occupied_area_m2 = _area(source="summary.occupied_area", help_text="A shared space counts once.")
    vacant_area_m2 = _area(source="summary.vacant_area")
    occupied_share = _percent(source="summary.occupied_share")
    vacant_share = _percent(source="summary.vacant_share")
    yearly_income = serializers.DecimalField(
        max_digits=14, decimal_places=2, source="summary.yearly_income",
        help_text="The yearly charges of today's occupiers; of a space let to more occupiers than it takes, only "
                  "those who came first.")
    over_let = OverLetSerializer(many=True, source="summary.over_let",
                                 help_text="Spaces let to more occupiers at once than they take, recorded before "
                                           "the rule that refuses it: to be put right.")
    expiring = ExpiringSerializer(many=True, source="summary.expiring",
                                  help_text="Agreements that end or reach a break date within six months.")
    utilisation = UtilisationSerializer(help_text="Confirmed bookings' hours over the hours the spaces could be "
                                                  "booked, from `from` to `to`.")


class PeriodSerializer(serializers.Serializer):
    locals().update({"from": serializers.DateField(required=False, validators=[EVENTS]),
                     "to": serializers.DateField(required=False, validators=[EVENTS])})

    def validate(self, attrs):
        default = selectors.last_full_weeks(timezone.localdate())
        start, end = attrs.get("from", default[0]), attrs.get("to", default[1])
        selectors.check_period(start, end)  # a Django ValidationError: DRF answers 400 by field
        return {"start": start, "end": end}
