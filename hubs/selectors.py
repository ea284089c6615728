"""Reads of hubs: the directory, a hub's page, occupancy and income, utilisation, week view."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from localism.accounts.rules import is_admin
from localism.core.history import Change, changes_by_object
from wards.models import Postcode, Ward
from wards.selectors import POSTCODE_NOT_BIRMINGHAM, WardLookupError, postcode_normalise

from .models import Booking, Closure, Hub, HubService, Occupancy, OpeningHours, ServiceSchedule, Space

EXPIRY_WINDOW_DAYS = 183  # "within 6 months"
# A period of utilisation figures: a year at most, and never backwards.
MAX_PERIOD_DAYS = 366
PERIOD_BACKWARDS = "The end of the period must be on or after its start"
PERIOD_TOO_LONG = "Choose a period of a year or less"


def _wards_light():
    return Ward.objects.without_geometry()


def hubs_for_directory(*, ward: Ward | None = None, category: str | None = None, service: str | None = None):
    hubs = Hub.objects.with_ward().prefetch_related(
        "opening_hours",
        Prefetch("services", queryset=HubService.objects.filter(is_active=True).select_related("organisation")),
    )
    if ward is not None:
        hubs = hubs.filter(ward=ward)
    if category:
        hubs = hubs.filter(services__category=category, services__is_active=True)
    if service:
        hubs = hubs.filter(Q(services__name__icontains=service) | Q(services__description__icontains=service),
                           services__is_active=True)
    return hubs.distinct().order_by("name")


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def hubs_near(hubs, *, latitude: float, longitude: float) -> list[Hub]:
    """The hubs, nearest first, each with `distance_km` set."""
    located = [h for h in hubs if h.latitude is not None and h.longitude is not None]
    for hub in located:
        hub.distance_km = distance_km(latitude, longitude, hub.latitude, hub.longitude)
    return sorted(located, key=lambda h: h.distance_km)


def hub_get(*, slug: str) -> Hub:
    services = (HubService.objects.filter(is_active=True).select_related("organisation")
                .prefetch_related(Prefetch("schedules", queryset=ServiceSchedule.objects.order_by("weekday", "opens")))
                .order_by("category", "name"))
    return (Hub.objects.with_ward()
            .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
                              Prefetch("services", queryset=services),
                              Prefetch("spaces", queryset=Space.objects.order_by("name")), "managers")
            .get(slug=slug))


def opening_week(hub: Hub) -> list[dict]:
    """Monday to Sunday with the hub's spells, from its prefetched opening hours."""
    from .models import Weekday

    by_day = defaultdict(list)
    for spell in hub.opening_hours.all():
        by_day[spell.weekday].append(spell)
    return [{"day": label, "spells": by_day.get(value, [])} for value, label in Weekday.choices]


@dataclass
class OccupancySummary:
    occupancies: list
    total_area: Decimal
    occupied_area: Decimal
    yearly_income: Decimal
    expiring: list = field(default_factory=list)

    @property
    def vacant_area(self) -> Decimal:
        return self.total_area - self.occupied_area

    @property
    def occupied_share(self) -> float:
        return float(self.occupied_area / self.total_area * 100) if self.total_area else 0.0

    @property
    def vacant_share(self) -> float:
        return 100.0 - self.occupied_share if self.total_area else 0.0


def hub_occupancy(hub: Hub, *, on: datetime.date | None = None) -> OccupancySummary:
    """Who occupies the hub on a day, the floor area they occupy (a shared space counts once), the
    yearly income, and the agreements that end or reach a break date within six months."""
    on = on or timezone.localdate()
    spaces = list(Space.objects.filter(hub=hub))
    active = list(Occupancy.objects.active(on).filter(hub=hub).select_related("organisation")
                  .prefetch_related("spaces").order_by("organisation__name"))
    occupied_ids = {s.pk for o in active for s in o.spaces.all()}
    horizon = on + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    expiring = []
    for o in active:
        for kind, when in (("ends", o.ends_on), ("break", o.break_date)):
            if when and on <= when <= horizon:
                expiring.append({"occupancy": o, "kind": kind, "date": when})
    return OccupancySummary(
        occupancies=active,
        total_area=sum((s.floor_area_m2 for s in spaces), Decimal(0)),
        occupied_area=sum((s.floor_area_m2 for s in spaces if s.pk in occupied_ids), Decimal(0)),
        yearly_income=sum((o.yearly_charge for o in active), Decimal(0)),
        expiring=sorted(expiring, key=lambda e: e["date"]),
    )


@dataclass
class Utilisation:
    """Booked hours over bookable hours, for each space and each week of a period."""

    start: datetime.date
    end: datetime.date
    by_space: list = field(default_factory=list)  # [{"space", "bookable", "booked", "rate"}]
    by_week: list = field(default_factory=list)  # [{"week", "bookable", "booked", "rate"}]
    bookable: float = 0.0
    booked: float = 0.0

    @property
    def rate(self) -> float:
        return self.booked / self.bookable * 100 if self.bookable else 0.0


def _hours(opens: datetime.time, closes: datetime.time) -> float:
    return (datetime.datetime.combine(datetime.date.min, closes)
            - datetime.datetime.combine(datetime.date.min, opens)).total_seconds() / 3600


def _rate(booked: float, bookable: float) -> float:
    return round(booked / bookable * 100, 1) if bookable else 0.0


def last_full_weeks(today: datetime.date, weeks: int = 4) -> tuple[datetime.date, datetime.date]:
    """The Monday-to-Sunday weeks before this one: the default period of utilisation figures."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=weeks), monday - datetime.timedelta(days=1)


def utilisation(hub: Hub, *, start: datetime.date, end: datetime.date, space: Space | None = None) -> Utilisation:
    """For each bookable space: the hours it could be booked (opening hours, less closures) and
    the hours confirmed bookings hold, from `start` to `end` inclusive, by space and by week
    (weeks start on Monday). Four queries, whatever the period."""
    spaces = [s for s in Space.objects.filter(hub=hub).order_by("name") if s.is_bookable]
    if space is not None:
        spaces = [s for s in spaces if s.pk == space.pk]
    daily = defaultdict(float)
    for spell in OpeningHours.objects.filter(hub=hub):
        daily[spell.weekday] += _hours(spell.opens, spell.closes)
    closures = list(Closure.objects.filter(hub=hub, starts_on__lte=end, ends_on__gte=start))
    tz = timezone.get_current_timezone()
    window_start = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    window_end = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    bookings = Booking.objects.filter(space__in=spaces, status=Booking.Status.CONFIRMED,
                                      starts_at__lt=window_end, ends_at__gt=window_start)

    def week_of(day):
        return day - datetime.timedelta(days=day.weekday())

    bookable = defaultdict(float)  # (space pk, week) -> hours
    booked = defaultdict(float)
    day = start
    while day <= end:
        for s in spaces:
            closed = any(c.starts_on <= day <= c.ends_on and c.space_id in (None, s.pk) for c in closures)
            if not closed:
                bookable[(s.pk, week_of(day))] += daily.get(day.weekday(), 0.0)
        day += datetime.timedelta(days=1)
    for b in bookings:
        s_at, e_at = max(b.starts_at, window_start), min(b.ends_at, window_end)
        booked[(b.space_id, week_of(timezone.localtime(s_at).date()))] += (e_at - s_at).total_seconds() / 3600

    result = Utilisation(start=start, end=end)
    weeks = sorted({w for _, w in bookable} | {w for _, w in booked})
    for s in spaces:
        a = sum(v for (pk, _), v in bookable.items() if pk == s.pk)
        b = sum(v for (pk, _), v in booked.items() if pk == s.pk)
        result.by_space.append({"space": s, "bookable": a, "booked": b, "rate": _rate(b, a)})
    for w in weeks:
        a = sum(v for (_, wk), v in bookable.items() if wk == w)
        b = sum(v for (_, wk), v in booked.items() if wk == w)
        result.by_week.append({"week": w, "bookable": a, "booked": b, "rate": _rate(b, a)})
    result.bookable, result.booked = sum(bookable.values()), sum(booked.values())
    return result


def week_view(hub: Hub, *, week_start: datetime.date) -> dict:
    """A hub's bookings that hold a slot in a week (Monday to Sunday), by space and by day."""
    week_start = week_start - datetime.timedelta(days=week_start.weekday())
    days = [week_start + datetime.timedelta(days=i) for i in range(7)]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    spaces = list(Space.objects.filter(hub=hub).order_by("name"))
    bookings = (Booking.objects.holding().filter(space__hub=hub, starts_at__lt=end, ends_at__gt=start)
                .select_related("organisation", "requested_by", "space").order_by("starts_at"))
    grid = {(s.pk, d): [] for s in spaces for d in days}
    for b in bookings:
        grid.setdefault((b.space_id, timezone.localtime(b.starts_at).date()), []).append(b)
    rows = [{"space": s, "days": [grid[(s.pk, d)] for d in days]} for s in spaces]
    return {"days": days, "rows": rows, "previous": days[0] - datetime.timedelta(days=7),
            "next": days[0] + datetime.timedelta(days=7)}


def bookings_awaiting(hub: Hub):
    return (Booking.objects.filter(space__hub=hub, status=Booking.Status.REQUESTED, ends_at__gt=timezone.now())
            .select_related("space", "organisation", "requested_by").order_by("starts_at"))


def bookings_of(user):
    """A user's own bookings and their organisation's, newest first."""
    mine = Q(requested_by=user)
    if user.organisation_id:
        mine |= Q(organisation_id=user.organisation_id)
    return (Booking.objects.filter(mine).select_related("space__hub", "organisation", "requested_by")
            .order_by("-starts_at"))


def hubs_managed_by(user):
    if is_admin.test(user):
        return Hub.objects.order_by("name")
    return Hub.objects.filter(managers=user).order_by("name")


# What a booking's or an occupancy's history shows.
HISTORY_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
BOOKING_HISTORY_FIELDS = ["space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees",
                          "status", "decision_note"]
OCCUPANCY_HISTORY_FIELDS = ["organisation", "agreement", "starts_on", "ends_on", "break_date", "yearly_charge",
                            "status", "notes"]


def _histories(model, records, field_names: list[str]) -> dict[int, list[Change]]:
    """Each record's changes, newest first."""
    return {pk: entries[::-1]
            for pk, entries in changes_by_object(model, records, field_names, kinds=HISTORY_KINDS).items()}


def booking_history(booking: Booking) -> list[Change]:
    records = booking.history.select_related("history_user")
    return _histories(Booking, records, BOOKING_HISTORY_FIELDS).get(booking.pk, [])


def hub_occupancies(hub: Hub) -> list[Occupancy]:
    """Every occupancy of a hub, past, present and proposed, each with its `changes`, newest
    first. Four queries, whatever the number of occupancies."""
    occupancies = list(Occupancy.objects.filter(hub=hub).select_related("organisation").prefetch_related("spaces")
                       .order_by("organisation__name", "-starts_on"))
    records = Occupancy.history.filter(id__in=[o.pk for o in occupancies]).select_related("history_user")
    histories = _histories(Occupancy, records, OCCUPANCY_HISTORY_FIELDS)
    for occupancy in occupancies:
        occupancy.changes = histories.get(occupancy.pk, [])
    return occupancies


# The public directory and hub page.


def wards_with_hubs() -> list[Ward]:
    """The wards that have at least one hub, by name: the directory's ward filter."""
    return list(_wards_light().filter(pk__in=Hub.objects.values("ward_id")).order_by("name"))


class PostcodePoint(NamedTuple):
    postcode: str  # formatted, e.g. B11 1AA
    latitude: float
    longitude: float
    approximate: bool  # stand-in coordinates shared with many postcodes


def postcode_location(*, postcode: str | None) -> PostcodePoint:
    """Where a postcode is, for "hubs near a postcode". Raises WardLookupError with find-your-
    ward's messages: 400 for a malformed postcode, 404 for one Birmingham does not have."""
    formatted = postcode_normalise(postcode)
    row = (Postcode.objects.filter(compact=formatted.replace(" ", ""))
           .values_list("postcode", "latitude", "longitude", "approximate").first())
    if row is None:
        raise WardLookupError(POSTCODE_NOT_BIRMINGHAM.format(postcode=formatted), status=404, field="postcode")
    return PostcodePoint(*row)


def directory_entries(hubs, *, on: datetime.date | None = None) -> list[Hub]:
    """The hubs of hubs_for_directory (or hubs_near), each with `today` (its opening spells on
    the day: none when it is closed, a whole-hub closure included), `categories` (the labels of
    its services' categories) and `service_count`. One query more, whatever the number of hubs."""
    on = on or timezone.localdate()
    hubs = list(hubs)
    closed = Closure.objects.filter(space__isnull=True, starts_on__lte=on, ends_on__gte=on)
    prefetch_related_objects(hubs, Prefetch("closures", queryset=closed, to_attr="closures_today"))
    order = {value: i for i, value in enumerate(HubService.Category.values)}
    labels = dict(HubService.Category.choices)
    for hub in hubs:
        spells = [] if hub.closures_today else hub.opening_hours.all()
        hub.today = sorted((s for s in spells if s.weekday == on.weekday()), key=lambda s: s.opens)
        services = hub.services.all()
        categories = sorted({s.category for s in services}, key=lambda c: order.get(c, len(order)))
        hub.categories = [labels.get(c, c) for c in categories]
        hub.service_count = len(services)
    return hubs


def hub_closures_ahead(hub: Hub, *, on: datetime.date | None = None) -> list[Closure]:
    """The closures of the whole hub that have not ended yet, soonest first."""
    on = on or timezone.localdate()
    return list(Closure.objects.filter(hub=hub, space__isnull=True, ends_on__gte=on).order_by("starts_on"))


def bookings_seen_by(user):
    """Bookings as `user` finds them in the partner API: every booking that holds a slot, and
    any other whose details they may see, each with `details_visible`. That is the
    `can_see_booking_details` rule (admins; the hub's managers; the requester and their
    organisation) worked out in the query, so a list costs the same whatever its length."""
    from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When

    from localism.accounts.rules import is_admin

    if not user.is_authenticated:
        visible = Value(False)
    elif is_admin.test(user):
        visible = Value(True)
    else:
        managers = Hub.managers.through.objects.filter(hub_id=OuterRef("space__hub_id"), user_id=user.pk)
        theirs = Q(requested_by_id=user.pk) | Exists(managers)
        if user.organisation_id:
            theirs |= Q(organisation_id=user.organisation_id)
        visible = Case(When(theirs, then=Value(True)), default=Value(False), output_field=BooleanField())
    return (Booking.objects.annotate(details_visible=visible)
            .filter(Q(status__in=Booking.HOLDING) | Q(details_visible=True))
            .select_related("space__hub", "organisation").order_by("starts_at", "pk"))
