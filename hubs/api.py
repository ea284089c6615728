"""The partner API for hubs: hubs/, spaces/, bookings/, hubs/{id}/occupancy/ and services/.

Hubs, their spaces and services are public. Bookings are public only as busy slots: who booked,
what for and how many come is seen by the requester and their organisation, the hub's managers
and admins. Signed-in users book spaces open to them; hub managers approve and turn down
requests; the requester, their organisation and the hub's managers cancel.
"""

import datetime

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Prefetch
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from localism.accounts.models import Organisation
from wards.api.forums import MeetingTimeField
from wards.api.plans import WardNameSerializer, ward_code_filter

from . import selectors, services
from .forms import MAX_PERIOD_DAYS, PERIOD_BACKWARDS, PERIOD_TOO_LONG, UNTIL_BEFORE_START, UNTIL_MISSING
from .models import Booking, Hub, HubService, OpeningHours, ServiceSchedule, Space

REPEAT_MISSING = "Say how often the booking repeats: weekly or fortnightly."
YEAR_INVALID = "Enter a date in the years 1900 to 2999."
ORGANISATION_INVALID = "Enter an organisation's id, like 12 or localism-organisation-12."
ORGANISATION_ID_PREFIX = "localism-organisation-"
organisation_id_validator = RegexValidator(rf"^({ORGANISATION_ID_PREFIX})?[0-9]{{1,18}}$", ORGANISATION_INVALID)

# Open Referral UK's days of the week, Monday first as Python counts them.
OPEN_REFERRAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
REPEATS = {"weekly": 1, "fortnightly": 2}


def _page_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def _plausible_year(value):
    # Years far from ours are typing mistakes, and the weeks of a series would overflow.
    if not 1900 <= value.year <= 2999:
        raise serializers.ValidationError(YEAR_INVALID)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related row by its id: a whole number."""

    field_class = forms.IntegerField


# --- Hubs and spaces ------------------------------------------------------------------------------

class OpeningHoursSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(help_text="0 is Monday, 6 is Sunday.")
    day = serializers.CharField(source="get_weekday_display")

    class Meta:
        model = OpeningHours
        fields = ["weekday", "day", "opens", "closes"]


class HubSerializer(serializers.ModelSerializer):
    ward = WardNameSerializer(read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Hub
        fields = ["id", "name", "slug", "ward", "address", "postcode", "latitude", "longitude", "opening_hours",
                  "accessibility", "url", "page_url"]

    def get_url(self, hub) -> str:
        return reverse("api:hub-detail", kwargs={"pk": hub.pk}, request=self.context.get("request"))

    def get_page_url(self, hub) -> str:
        return _page_url(self.context.get("request"), hub.get_absolute_url())


class SpaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Space
        fields = ["id", "hub", "name", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed",
                  "accessible"]


class HubFilter(django_filters.FilterSet):
    ward = ward_code_filter("ward__gss_code", "Hubs in this ward (its GSS code).")

    class Meta:
        model = Hub
        fields = ["ward"]


class SpaceFilter(django_filters.FilterSet):
    hub = IdFilter(field_name="hub_id", help_text="Spaces of this hub (its id).")

    class Meta:
        model = Space
        fields = ["hub"]


# --- A hub's occupancy and utilisation --------------------------------------------------------------

def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, **kwargs)


def _hours(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False, **kwargs)


def _area(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=1, **kwargs)


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


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
    yearly_income = serializers.DecimalField(max_digits=14, decimal_places=2, source="summary.yearly_income")
    expiring = ExpiringSerializer(many=True, source="summary.expiring",
                                  help_text="Agreements that end or reach a break date within six months.")
    utilisation = UtilisationSerializer(help_text="Confirmed bookings' hours over the hours the spaces could be "
                                                  "booked, from `from` to `to`.")


class PeriodSerializer(serializers.Serializer):
    locals().update({"from": serializers.DateField(required=False, validators=[_plausible_year]),
                     "to": serializers.DateField(required=False, validators=[_plausible_year])})

    def validate(self, attrs):
        default = selectors.last_full_weeks(timezone.localdate())
        start, end = attrs.get("from", default[0]), attrs.get("to", default[1])
        if end < start:
            raise serializers.ValidationError({"to": [PERIOD_BACKWARDS]})
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise serializers.ValidationError({"to": [PERIOD_TOO_LONG]})
        return {"start": start, "end": end}


class HubViewSet(AutoPermissionViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Shared service hubs: where they are, when they open and how to get in. Public, read-only."""

    serializer_class = HubSerializer
    filterset_class = HubFilter
    search_fields = ["name", "address", "postcode"]
    ordering_fields = ["name"]
    permission_type_map = {**AutoPermissionViewSetMixin.permission_type_map, "occupancy": "change"}

    def get_queryset(self):
        if self.action == "occupancy":
            return Hub.objects.all()
        return (Hub.objects.select_related("ward").defer("ward__boundary", "ward__boundary_simplified")
                .prefetch_related("opening_hours").order_by("name"))

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="The first day of the utilisation period; "
                                                                     "by default the Monday four weeks ago."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Its last day; by default last Sunday. "
                                                                   "A year at most."),
        ],
        responses={200: HubOccupancySerializer},
        description="Who occupies the hub today, under what agreement and for what charge; the floor area "
                    "occupied and vacant; agreements ending soon; and how much the bookable spaces were used. "
                    "For the hub's managers and admins.",
    )
    @action(detail=True, permission_classes=[IsAuthenticated])
    def occupancy(self, request, pk=None):
        hub = self.get_object()
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        today = timezone.localdate()
        data = {"hub": hub, "on": today, "summary": selectors.hub_occupancy(hub, on=today),
                "utilisation": selectors.utilisation(hub, **period.validated_data)}
        return Response(HubOccupancySerializer(data, context=self.get_serializer_context()).data)


class SpaceViewSet(AutoPermissionViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The rooms, offices, halls and desk areas of the hubs, and who may book them. Public, read-only."""

    serializer_class = SpaceSerializer
    filterset_class = SpaceFilter
    search_fields = ["name"]
    ordering_fields = ["name", "capacity", "floor_area_m2"]

    def get_queryset(self):
        return Space.objects.order_by("hub_id", "name")


# --- Bookings ---------------------------------------------------------------------------------------

@extend_schema_field({"type": "string", "enum": ["busy"]})
class BusyField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return "busy"


class BusySlotSerializer(serializers.ModelSerializer):
    """A booking as everyone sees it: the space is taken for that time."""

    status = BusyField()

    class Meta:
        model = Booking
        fields = ["id", "space", "starts_at", "ends_at", "status"]


class BookingSerializer(serializers.ModelSerializer):
    """A booking as its requester, their organisation, the hub's managers and admins see it."""

    organisation = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees",
                  "status", "series", "decision_note"]


class BookingOrBusySlotSerializer(serializers.BaseSerializer):
    """Each booking with its details if this user may see them, else as a busy slot."""

    def to_representation(self, booking):
        if not hasattr(self, "_shapes"):
            self._shapes = {True: BookingSerializer(context=self.context),
                            False: BusySlotSerializer(context=self.context)}
        return self._shapes[bool(getattr(booking, "details_visible", False))].to_representation(booking)


BOOKING_OR_BUSY_SLOT = PolymorphicProxySerializer(
    component_name="BookingOrBusySlot", serializers=[BookingSerializer, BusySlotSerializer],
    resource_type_field_name=None)


class BookingRequestSerializer(serializers.Serializer):
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.select_related("hub"),
                                               help_text="The space's id.")
    starts_at = serializers.DateTimeField(validators=[_plausible_year],
                                          help_text="Local (UK) time unless an offset is given.")
    ends_at = serializers.DateTimeField(validators=[_plausible_year], help_text="On the same day.")
    purpose = serializers.CharField(max_length=300)
    attendees = serializers.IntegerField(min_value=1, help_text="How many people are expected.")
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="The organisation it is for (its id). Partners book for their own organisation.")
    booked_for = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                       help_text="The person or group it is for.")
    repeat = serializers.ChoiceField(choices=list(REPEATS), required=False,
                                     help_text="Book the same time every week or every fortnight, up to `until`.")
    until = serializers.DateField(required=False, validators=[_plausible_year],
                                  help_text="The date of the last booking of a repeating one.")
    book_available = serializers.BooleanField(
        default=False, help_text="When some dates of a repeating booking cannot be booked, book the others "
                                 "(otherwise none is booked and the answer is 409 with each date).")

    def validate(self, attrs):
        repeat, until = attrs.pop("repeat", None), attrs.pop("until", None)
        if repeat is None:
            if until is not None:
                raise serializers.ValidationError({"repeat": [REPEAT_MISSING]})
            attrs.pop("book_available")
            return attrs
        if until is None:
            raise serializers.ValidationError({"until": [UNTIL_MISSING]})
        if until < timezone.localtime(attrs["starts_at"]).date():
            raise serializers.ValidationError({"until": [UNTIL_BEFORE_START]})
        return {**attrs, "every_weeks": REPEATS[repeat], "until": until}


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                 help_text="Why: shown to the requester.")


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class BookingConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    conflict = SlotSerializer(help_text="The booking that holds the time.")


class SeriesDateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    problem = serializers.CharField(allow_null=True, help_text="Why this date cannot be booked; null if it can.")


class SeriesConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    dates = SeriesDateSerializer(many=True, source="occurrences")


class BookingSeriesSerializer(serializers.Serializer):
    series = serializers.UUIDField(help_text="Shared by the bookings of the series.")
    bookings = BookingSerializer(many=True, source="booked")
    skipped = SeriesDateSerializer(many=True, source="problems",
                                   help_text="The dates that could not be booked, and why.")


class BookingTimeFilter(django_filters.Filter):
    """Bookings still running at or after a moment (`from`), or starting before one (`to`); a date
    alone means the start of that day for `from`, the end of it for `to`."""

    field_class = MeetingTimeField

    def __init__(self, *, until: bool, help_text: str):
        super().__init__(field_name="starts_at" if until else "ends_at", help_text=help_text)
        self.until = until
        extend_schema_field({"type": "string", "description": help_text})(self)

    def filter(self, qs, value):
        if value is None:
            return qs
        if not isinstance(value, datetime.datetime):
            day = value + datetime.timedelta(days=1) if self.until else value
            value = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return qs.filter(starts_at__lt=value) if self.until else qs.filter(ends_at__gt=value)


class BookingFilter(django_filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Bookings of this space (its id).")
    hub = IdFilter(field_name="space__hub_id", help_text="Bookings of this hub's spaces (its id).")
    locals().update({
        "from": BookingTimeFilter(until=False, help_text="Bookings running at or after this date or time."),
        "to": BookingTimeFilter(until=True, help_text="Bookings starting before the end of this date, or "
                                                       "before this time."),
    })

    class Meta:
        model = Booking
        fields = ["space", "hub", "from", "to"]


class BookingViewSet(AutoPermissionViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Bookings of the hubs' spaces. Everyone sees every booking that holds a slot, as a busy slot;
    the requester, their organisation, the hub's managers and admins see its details, and also
    the bookings turned down or cancelled. Signed-in users book the spaces open to them."""

    serializer_class = BookingSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]  # nothing to search in a busy slot
    filterset_class = BookingFilter
    ordering_fields = ["starts_at"]
    permission_type_map = {**AutoPermissionViewSetMixin.permission_type_map, "retrieve": None,
                           "approve": "change", "reject": "change", "cancel": "delete"}

    def get_queryset(self):
        return selectors.bookings_seen_by(self.request.user)

    def get_object(self):
        # The permission check already fetched it; the action reuses that one.
        if getattr(self, "_booking", None) is None:
            self._booking = super().get_object()
        return self._booking

    def get_serializer_class(self):
        if self.action in ("list", "retrieve"):
            return BookingOrBusySlotSerializer
        return BookingSerializer

    @extend_schema(responses={200: BOOKING_OR_BUSY_SLOT})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: BOOKING_OR_BUSY_SLOT})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=BookingRequestSerializer,
        responses={
            201: PolymorphicProxySerializer(component_name="BookingOrSeries",
                                            serializers=[BookingSerializer, BookingSeriesSerializer],
                                            resource_type_field_name=None),
            409: PolymorphicProxySerializer(component_name="BookingRefused",
                                            serializers=[BookingConflictSerializer, SeriesConflictSerializer],
                                            resource_type_field_name=None),
        },
        description="Book a space, or the same time every week or fortnight. Requests of partners and "
                    "community groups may wait for the hub's approval (`status` requested). 400 says which "
                    "field is wrong and why; 403 when the space is not open to you; 409 when another booking "
                    "holds the time, with that booking's time (or, for a repeating booking, each date).",
    )
    def create(self, request, *args, **kwargs):
        data = BookingRequestSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        self._check_may_book(fields["space"], fields["organisation"])
        try:
            if "every_weeks" in fields:
                result = services.booking_series_create(requester=request.user, **fields)
            else:
                booking = services.booking_create(requester=request.user, **fields)
        except services.BookingConflict as conflict:
            body = {"detail": conflict.message, "conflict": conflict.booking}
            return Response(BookingConflictSerializer(body).data, status=status.HTTP_409_CONFLICT)
        except services.SeriesConflict as conflict:
            return self._series_refused(conflict.message, conflict.result)
        if "every_weeks" not in fields:
            return Response(self._output(booking), status=status.HTTP_201_CREATED)
        if not result.booked:
            return self._series_refused(services.SERIES_HAS_CONFLICTS.format(n=len(result.problems)), result)
        body = {"series": result.booked[0].series, "booked": result.booked, "problems": result.problems}
        return Response(BookingSeriesSerializer(body, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses={200: BookingSerializer},
                   description="Confirm a booking awaiting approval. For the hub's managers and admins.")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(services.booking_approve)

    @extend_schema(request=DecisionSerializer, responses={200: BookingSerializer},
                   description="Turn down a booking awaiting approval. For the hub's managers and admins.")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(services.booking_reject)

    @extend_schema(request=DecisionSerializer, responses={200: BookingSerializer},
                   description="Cancel a booking, freeing its time. For the requester, their organisation, the "
                               "hub's managers and admins.")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._decide(services.booking_cancel)

    def _check_may_book(self, space: Space, organisation: Organisation | None) -> None:
        user = self.request.user
        if not space.is_bookable:
            raise PermissionDenied(services.NOT_BOOKABLE.format(space=space.name))
        if not services.may_book(user, space):
            raise PermissionDenied(services.NOT_FOR_YOU.format(
                space=space.name, who=space.get_bookable_by_display().lower()))

    def _decide(self, service):
        decision = DecisionSerializer(data=self.request.data)
        decision.is_valid(raise_exception=True)
        booking = service(booking=self.get_object(), user=self.request.user, **decision.validated_data)
        return Response(self._output(booking))

    def _series_refused(self, message: str, result: services.SeriesResult) -> Response:
        body = {"detail": message, "occurrences": result.occurrences}
        return Response(SeriesConflictSerializer(body).data, status=status.HTTP_409_CONFLICT)

    def _output(self, booking: Booking) -> dict:
        return BookingSerializer(booking, context=self.get_serializer_context()).data


# --- Services, as Open Referral UK publishes them -------------------------------------------------

class OpenReferralOrganisationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()

    def get_id(self, organisation) -> str:
        return f"{ORGANISATION_ID_PREFIX}{organisation.pk}"


class OpenReferralAccessibilitySerializer(serializers.Serializer):
    accessibility = serializers.CharField()


class OpenReferralLocationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    address_1 = serializers.CharField(source="address")
    postal_code = serializers.CharField(source="postcode")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    accessibility_for_disabilities = serializers.SerializerMethodField()

    def get_id(self, hub) -> str:
        return f"localism-hub-{hub.pk}"

    @extend_schema_field(OpenReferralAccessibilitySerializer(many=True))
    def get_accessibility_for_disabilities(self, hub) -> list:
        return [{"accessibility": hub.accessibility}] if hub.accessibility else []


class OpenReferralServiceAtLocationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    location = OpenReferralLocationSerializer(source="hub")

    def get_id(self, service) -> str:
        return f"localism-service-{service.pk}-at-hub-{service.hub_id}"


class OpenReferralScheduleSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    weekday = serializers.SerializerMethodField()
    opens_at = serializers.TimeField(source="opens")
    closes_at = serializers.TimeField(source="closes")
    freq = serializers.SerializerMethodField()

    class Meta:
        model = ServiceSchedule
        fields = ["id", "weekday", "opens_at", "closes_at", "freq"]

    def get_id(self, schedule) -> str:
        return f"localism-schedule-{schedule.pk}"

    @extend_schema_field({"type": "string", "enum": OPEN_REFERRAL_DAYS})
    def get_weekday(self, schedule) -> str:
        return OPEN_REFERRAL_DAYS[schedule.weekday]

    @extend_schema_field({"type": "string", "enum": ["WEEKLY"]})
    def get_freq(self, schedule) -> str:
        return "WEEKLY"


class CategorySerializer(serializers.Serializer):
    key = serializers.CharField(source="category", help_text="Our category's key, like `advice`.")
    label = serializers.CharField(source="get_category_display")


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField()


class OpenReferralServiceSerializer(serializers.Serializer):
    """A hub service in the shape of Open Referral UK's `service`."""

    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    attending_access = serializers.CharField(source="how_to_access", help_text="How to use it: drop in, by "
                                                                                "appointment, by referral.")
    eligibility_description = serializers.CharField(source="who_for", help_text="Who it is for.")
    organization = OpenReferralOrganisationSerializer(source="organisation")
    service_at_locations = serializers.SerializerMethodField()
    regular_schedules = OpenReferralScheduleSerializer(many=True, source="schedules")
    categories = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    def get_id(self, service) -> str:
        return f"localism-service-{service.pk}"

    def get_url(self, service) -> str | None:
        return service.url or None

    def get_email(self, service) -> str | None:
        return service.email or None

    @extend_schema_field({"type": "string", "enum": ["active"]})
    def get_status(self, service) -> str:
        return "active"

    @extend_schema_field(OpenReferralServiceAtLocationSerializer(many=True))
    def get_service_at_locations(self, service) -> list:
        return [OpenReferralServiceAtLocationSerializer(service).data]

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, service) -> list:
        return [CategorySerializer(service).data]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, service) -> list:
        return [{"phone": service.phone}] if service.phone else []


class OrganisationIdFilter(django_filters.CharFilter):
    """An organisation by its id: the number, or the `organization.id` that ends in it."""

    def __init__(self, **kwargs):
        super().__init__(field_name="organisation_id", validators=[organisation_id_validator], **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.removeprefix(ORGANISATION_ID_PREFIX) if value else value)


class ServiceFilter(django_filters.FilterSet):
    hub = IdFilter(field_name="hub_id", help_text="Services at this hub (its id).")
    ward = ward_code_filter("hub__ward__gss_code", "Services at hubs in this ward (its GSS code).")
    organisation = OrganisationIdFilter(help_text="Services of this organisation: its id, like 12 or "
                                                  "localism-organisation-12.")

    class Meta:
        model = HubService
        fields = ["hub", "ward", "organisation"]


class ServiceViewSet(AutoPermissionViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The services offered at the hubs, as Open Referral UK `service` records. Public, read-only."""

    serializer_class = OpenReferralServiceSerializer
    filterset_class = ServiceFilter
    search_fields = ["name", "description", "who_for"]
    ordering_fields = ["name"]
    queryset = HubService.objects.none()  # names the model for the permission checks

    def get_queryset(self):
        schedules = ServiceSchedule.objects.order_by("weekday", "opens")
        return (HubService.objects.filter(is_active=True).select_related("hub", "organisation")
                .prefetch_related(Prefetch("schedules", queryset=schedules)).order_by("name", "pk"))
