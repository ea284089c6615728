"""The partner API for bookings: bookings/. Bookings are public only as busy slots: who booked, what
for and how many come is seen by the requester and their organisation, the hub's managers and
admins. Signed-in users book spaces open to them; hub managers approve and turn down requests;
the requester, their organisation and the hub's managers cancel."""

import datetime

import django_filters
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from localism.accounts.models import Organisation
from localism.core.api import IdFilter, MomentFilter, RulesPermissionsMixin, StrictSerializer, text_of, validated
from localism.core.dates import EVENTS

from .. import selectors, services
from ..models import Booking, Space, phone_validator

REPEAT_MISSING = "Say how often the booking repeats: weekly or fortnightly."
REPEATS = {"weekly": 1, "fortnightly": 2}


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

    organisation = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True,
                                                help_text="The organisation it is for, if any.")
    # Empty when no contact was given (so not "format: email", which an empty string is not).
    contact_email = serializers.CharField(read_only=True, help_text="The contact's email address, or empty.")

    class Meta:
        model = Booking
        # The contact is here only: those who may not see the details get a busy slot.
        fields = ["id", "space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees",
                  "status", "series", "decision_note", "charge", "contact_name", "contact_phone",
                  "contact_email"]


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


class BookingRequestSerializer(StrictSerializer):
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.select_related("hub"),
                                               help_text="The space's id.")
    starts_at = serializers.DateTimeField(validators=[EVENTS],
                                          help_text="Local (UK) time unless an offset is given.")
    ends_at = serializers.DateTimeField(validators=[EVENTS], help_text="On the same day.")
    purpose = text_of(Booking, "purpose")
    attendees = serializers.IntegerField(min_value=1, help_text="How many people are expected.")
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="The organisation it is for (its id). Partners book for their own organisation.")
    booked_for = text_of(Booking, "booked_for", required=False, allow_blank=True, default="",
                                       help_text="The person or group it is for.")
    contact_name = text_of(Booking, "contact_name", required=False, allow_blank=True, default="",
                           help_text="The person responsible on the day (needed unless council staff book).")
    contact_phone = text_of(Booking, "contact_phone", required=False, allow_blank=True, default="",
                            validators=[phone_validator], help_text="Their phone number.")
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="",
                                           help_text="Their email address.")
    repeat = serializers.ChoiceField(choices=list(REPEATS), required=False,
                                     help_text="Book the same time every week or every fortnight, up to `until`.")
    until = serializers.DateField(required=False, validators=[EVENTS],
                                  help_text="The date of the last booking of a repeating one.")
    book_available = serializers.BooleanField(
        default=False, help_text="When some dates of a repeating booking cannot be booked, book the others "
                                 "(otherwise none is booked and the answer is 409 with each date).")

    def validate(self, attrs):
        # Whether the last date can be booked (missing, before the first) is the service's rule.
        repeat, until = attrs.pop("repeat", None), attrs.pop("until", None)
        contact = {name: attrs.pop(name, "") for name in services.CONTACT_FIELDS}
        # A contact is asked of those who give one: v1 clients written before it keep working.
        attrs["contact"] = contact if any(contact.values()) else None
        if repeat is None:
            if until is not None:
                raise serializers.ValidationError({"repeat": [REPEAT_MISSING]})
            attrs.pop("book_available")
            return attrs
        return {**attrs, "every_weeks": REPEATS[repeat], "until": until}


class DecisionSerializer(StrictSerializer):
    note = text_of(Booking, "decision_note", required=False, allow_blank=True, default="",
                                 help_text="Why: shown to the requester. Needed to turn a request down.")


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


# The bookings a list holds: those running from the start of today for DEFAULT_WINDOW unless
# `from` or `to` say otherwise; a window of WIDEST_WINDOW at most across every hub, or of
# WIDEST_WINDOW_OF_A_HUB for one hub or space. So a list (and its count) reads a bounded slice
# of a table that holds the country's bookings.
DEFAULT_WINDOW = datetime.timedelta(days=14)
WIDEST_WINDOW = datetime.timedelta(days=31)
WIDEST_WINDOW_OF_A_HUB = datetime.timedelta(days=366)
WINDOW_BACKWARDS = "`to` must be after `from`."
WINDOW_TOO_WIDE = "Choose a window of {days} days or less (or give a `hub` or a `space` for up to {hub_days})."
WINDOW_TOO_WIDE_OF_A_HUB = "Choose a window of {days} days or less."


def _moment(value, *, until: bool) -> datetime.datetime:
    """A `from` or `to` as a moment: a date alone is the start of that day, or (`to`) its end."""
    if isinstance(value, datetime.datetime):
        return value
    day = value + datetime.timedelta(days=1) if until else value
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class BookingFilter(django_filters.FilterSet):
    space = IdFilter(field_name="space_id", help_text="Bookings of this space (its id).")
    hub = IdFilter(method="of_hub", help_text="Bookings of this hub's spaces (its id).")
    locals().update({
        "from": MomentFilter(until=False, starts="starts_at", ends="ends_at",
                             help_text="Bookings running at or after this date or time."),
        "to": MomentFilter(until=True, starts="starts_at", ends="ends_at",
                           help_text="Bookings starting before the end of this date, or before this time."),
    })

    class Meta:
        model = Booking
        fields = ["space", "hub", "from", "to"]

    def filter_queryset(self, queryset):
        """The list's filters, within the window of `from` and `to` (each defaulting from the
        other, or both from today): 400 on `to` for a window backwards or wider than allowed."""
        data = self.form.cleaned_data
        view = getattr(self.request, "parser_context", {}).get("view")
        if view is not None and view.action != "list":  # one booking is found by its id, at any time
            return super().filter_queryset(queryset)
        since = _moment(data["from"], until=False) if data.get("from") is not None else None
        until = _moment(data["to"], until=True) if data.get("to") is not None else None
        if since is None:
            since = until - DEFAULT_WINDOW if until is not None else timezone.make_aware(
                datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        if until is None:
            until = since + DEFAULT_WINDOW
        one_hub = data.get("space") is not None or data.get("hub") is not None
        widest = WIDEST_WINDOW_OF_A_HUB if one_hub else WIDEST_WINDOW
        if until <= since:
            raise ValidationError({"to": [WINDOW_BACKWARDS]})
        if until - since > widest:
            message = WINDOW_TOO_WIDE_OF_A_HUB if one_hub else WINDOW_TOO_WIDE
            raise ValidationError({"to": [message.format(days=widest.days, hub_days=WIDEST_WINDOW_OF_A_HUB.days)]})
        rest = {name: value for name, value in data.items() if name not in ("from", "to")}
        for name, value in rest.items():
            queryset = self.filters[name].filter(queryset, value)
        return selectors.bookings_running(queryset, since, until)

    def of_hub(self, queryset, name, value):
        # By the hub's space ids (one small query), not through the join to the spaces: the
        # database then reads each space's bookings by start, from the space+start index.
        return queryset.filter(space_id__in=list(Space.objects.filter(hub_id=value).values_list("pk", flat=True)))


class BookingViewSet(RulesPermissionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Bookings of the hubs' spaces. Everyone sees every booking that holds a slot, as a busy slot;
    the requester, their organisation, the hub's managers and admins see its details, and also
    the bookings turned down or cancelled. Signed-in users book the spaces open to them."""

    serializer_class = BookingSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]  # nothing to search in a busy slot
    filterset_class = BookingFilter
    ordering_fields = ["starts_at"]
    # Who may decide or cancel is the services' rule: their refusal is the 403 (or 401).
    permission_type_map = {**RulesPermissionsMixin.permission_type_map, "retrieve": None,
                           "approve": None, "reject": None, "cancel": None}

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
        fields = validated(self, BookingRequestSerializer)
        if "every_weeks" not in fields:
            booking = services.booking_create(requester=request.user, **fields)
            return Response(self._output(booking), status=status.HTTP_201_CREATED)
        result = services.booking_series_create(requester=request.user, **fields)
        body = {"series": result.booked[0].series, "booked": result.booked, "problems": result.problems}
        return Response(BookingSeriesSerializer(body, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    def conflict_body(self, exc) -> dict:
        """What a 409 carries besides `detail`: the booking in the way, or each date of a series."""
        if isinstance(exc, services.SeriesConflict):
            return {"dates": SeriesDateSerializer(exc.result.occurrences, many=True).data}
        if isinstance(exc, services.BookingConflict):
            return {"conflict": SlotSerializer(exc.booking).data}
        return {}

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

    def _decide(self, service):
        decision = DecisionSerializer(data=self.request.data)
        decision.is_valid(raise_exception=True)
        booking = service(booking=self.get_object(), user=self.request.user, **decision.validated_data)
        return Response(self._output(booking))

    def _output(self, booking: Booking) -> dict:
        return BookingSerializer(booking, context=self.get_serializer_context()).data
