"""Reads of the public hub directory and a hub's page: hubs by ward, service and postcode,
nearest first; a hub with its opening week, services and spaces; the hubs an officer runs."""

import datetime
import math
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, ExpressionWrapper, F, FloatField, Prefetch, Q, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from localism.accounts.rules import is_admin
from localism.core.links import address_of
from wards.models import Postcode, Ward
from wards.selectors import POSTCODE_NOT_BIRMINGHAM, WardLookupError, postcode_normalise

from ..models import Booking, Closure, Hub, HubService, OpeningHours, ServiceSchedule, Space, Weekday


def hubs_for_directory(*, ward: Ward | int | None = None, category: str | None = None, service: str | None = None):
    hubs = Hub.objects.with_ward()
    if ward is not None:
        hubs = hubs.filter(ward=ward)
    if category:
        hubs = hubs.filter(services__category=category, services__is_active=True)
    if service:
        hubs = hubs.filter(Q(services__name__icontains=service) | Q(services__description__icontains=service),
                           services__is_active=True)
    return hubs.distinct().order_by("name")


EARTH_RADIUS_KM = 6371.0


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    r = EARTH_RADIUS_KM
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _distance_in_sql(latitude: float, longitude: float):
    """distance_km from the point to each hub, as the database computes it (SQLite's and
    PostgreSQL's own sin, cos, asin and sqrt): the same formula, term by term."""
    p1 = math.radians(latitude)
    p2 = Radians(F("latitude"))
    dp = p2 - Value(p1)
    dl = Radians(F("longitude") - Value(longitude))
    a = Power(Sin(dp / 2), 2) + Value(math.cos(p1)) * Cos(p2) * Power(Sin(dl / 2), 2)
    return ExpressionWrapper(Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a)), output_field=FloatField())


class NearestFirst:
    """The hubs of a queryset that have coordinates, nearest a point first (then in the
    queryset's own order), for a Paginator: the database orders them and counts them, and only
    the rows of the page asked for are read, each with `distance_km` computed here (the figure
    shown is distance_km's, whatever the database's arithmetic)."""

    def __init__(self, hubs, *, latitude: float, longitude: float):
        self.latitude, self.longitude = latitude, longitude
        order = hubs.query.order_by or hubs.model._meta.ordering
        self.hubs = (hubs.filter(latitude__isnull=False, longitude__isnull=False)
                     .annotate(nearness=_distance_in_sql(latitude, longitude))
                     .order_by("nearness", *order, "pk"))

    def count(self) -> int:
        return self.hubs.count()

    def __len__(self) -> int:
        return self.count()

    def _with_distance(self, hub: Hub) -> Hub:
        hub.distance_km = distance_km(self.latitude, self.longitude, hub.latitude, hub.longitude)
        return hub

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._with_distance(hub) for hub in self.hubs[index]]
        return self._with_distance(self.hubs[index])

    def __iter__(self):
        return (self._with_distance(hub) for hub in self.hubs)


def hubs_near(hubs, *, latitude: float, longitude: float) -> NearestFirst:
    """The hubs, nearest first, each with `distance_km` set as it is read: a sequence to page,
    whose page alone is read (and prefetched) from the database."""
    return NearestFirst(hubs, latitude=latitude, longitude=longitude)


def hub_get(*, slug: str) -> Hub:
    services = (HubService.objects.filter(is_active=True).select_related("organisation")
                .prefetch_related(Prefetch("schedules", queryset=ServiceSchedule.objects.order_by("weekday", "opens")))
                .order_by("category", "name"))
    return (Hub.objects.with_ward()
            .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
                              Prefetch("services", queryset=services),
                              Prefetch("spaces", queryset=Space.objects.order_by("name")))
            .get(slug=slug))


def opening_week(hub: Hub) -> list[dict]:
    """Monday to Sunday with the hub's spells, from its prefetched opening hours."""
    by_day = defaultdict(list)
    for spell in hub.opening_hours.all():
        by_day[spell.weekday].append(spell)
    return [{"day": label, "spells": by_day.get(value, [])} for value, label in Weekday.choices]


def wards_with_hubs() -> list[tuple[str, str, int]]:
    """The wards that have at least one hub, by name, as (slug, name, pk): the directory's ward
    filter. Values, not models: a country's thousands of wards are read for every page."""
    return list(Ward.objects.filter(pk__in=Hub.objects.values("ward_id")).order_by("name", "pk")
                .values_list("slug", "name", "pk"))


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


class Spell(NamedTuple):
    """A spell of a hub's opening on a day, as the directory shows it."""

    opens: datetime.time
    closes: datetime.time


def directory_entries(hubs, *, on: datetime.date | None = None) -> list[Hub]:
    """The hubs of hubs_for_directory (or hubs_near), each with `today` (its opening spells on
    the day, earliest first: none when it is closed, a whole-hub closure included), `categories`
    (the labels of its active services' categories, in their order), `service_count`, and the
    addresses of its page (`page_url`) and its ward's (`ward_url`). Three queries more, whatever
    the number of hubs: values, not a model for each opening spell and each service."""
    on = on or timezone.localdate()
    hubs = list(hubs)
    ids = [hub.pk for hub in hubs]
    closed = set(Closure.objects.filter(hub__in=ids, space__isnull=True, starts_on__lte=on, ends_on__gte=on)
                 .values_list("hub_id", flat=True))
    spells: dict[int, list[Spell]] = defaultdict(list)
    for hub_id, opens, closes in (OpeningHours.objects.filter(hub__in=ids, weekday=on.weekday())
                                  .order_by("opens", "pk").values_list("hub_id", "opens", "closes")):
        spells[hub_id].append(Spell(opens, closes))
    services: dict[int, list[str]] = defaultdict(list)
    for hub_id, category in HubService.objects.filter(hub__in=ids, is_active=True).values_list("hub_id", "category"):
        services[hub_id].append(category)
    order = {value: i for i, value in enumerate(HubService.Category.values)}
    labels = dict(HubService.Category.choices)
    hub_page, ward_page = address_of("hubs:detail", "slug"), address_of("wards:detail", "slug")
    for hub in hubs:
        hub.today = [] if hub.pk in closed else spells.get(hub.pk, [])
        categories = sorted(set(services.get(hub.pk, [])), key=lambda c: order.get(c, len(order)))
        hub.categories = [labels.get(c, c) for c in categories]
        hub.service_count = len(services.get(hub.pk, []))
        hub.page_url, hub.ward_url = hub_page(hub.slug), ward_page(hub.ward.slug)
    return hubs


def hub_closures_ahead(hub: Hub, *, on: datetime.date | None = None) -> list[Closure]:
    """The closures of the whole hub that have not ended yet, soonest first."""
    on = on or timezone.localdate()
    return list(Closure.objects.filter(hub=hub, space__isnull=True, ends_on__gte=on).order_by("starts_on"))


def hubs_managed_by(user):
    """The hubs a user runs (an admin: every hub), each with `waiting`: its requests awaiting
    approval that have not ended. One query, whatever the number of hubs."""
    hubs = Hub.objects.all() if is_admin.test(user) else Hub.objects.filter(managers=user)
    waiting = Count("spaces__bookings", filter=Q(spaces__bookings__status=Booking.Status.REQUESTED,
                                                 spaces__bookings__ends_at__gt=timezone.now()))
    return hubs.annotate(waiting=waiting).order_by("name")
