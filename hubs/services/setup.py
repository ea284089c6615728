"""Setting up a hub: the hub itself, its opening hours, spaces and their rates, services and
their schedules, and closures. Admins set up hubs; a hub's officers keep its parts, in the
browser or in admin, through these services alone. `user=None` is the system itself (a
management command loading reference or demonstration data), recorded as such."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from localism.core.errors import Conflict, Invalid
from localism.core.services import require

from ..models import Booking, Closure, Hub, HubService, OpeningHours, ServiceSchedule, Space, SpaceRate, Weekday
from .occupancy import SPACE_NOT_IN_HUB

NOT_AN_ADMIN = "Only admins set up hubs."
NOT_YOUR_HUB = "Only the hub's officers change its spaces, services and closures."
SPELL_BACKWARDS = "On {weekday} a spell must close after it opens ({opens:%H:%M} to {closes:%H:%M})."
SPELLS_OVERLAP = ("On {weekday} the spells {a_opens:%H:%M} to {a_closes:%H:%M} and {b_opens:%H:%M} to "
                  "{b_closes:%H:%M} overlap: make them one spell, or move one.")
CLOSURE_ENDS_BEFORE_START = "The closure must end on or after the day it starts"
SPACE_HAS_BOOKINGS = ("{space} has bookings, past or to come, so it cannot be removed. Make it not bookable "
                      "instead, or cancel its bookings first.")
SPACE_OCCUPIED = "{space} is part of an occupancy: take it out of the agreement first."
RATE_NEGATIVE = "An hourly rate cannot be negative"

Spell = tuple[int, datetime.time, datetime.time]


def _require_manager(user, hub: Hub) -> None:
    if user is not None:
        require(user, "hubs.change_hub", hub, message=NOT_YOUR_HUB)


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def hub_create(*, user, hours: list[tuple[int, datetime.time, datetime.time]] = (), managers=(),
               **values) -> Hub:
    """A new hub with its weekly opening hours ((weekday, opens, closes) rows) and managers."""
    if user is not None:
        require(user, "hubs.add_hub", message=NOT_AN_ADMIN)
    hub = _saved(Hub(**values))
    for weekday, opens, closes in hours:
        _saved(OpeningHours(hub=hub, weekday=weekday, opens=opens, closes=closes))
    if managers:
        hub.managers.add(*managers)
    return hub


def hub_managers_add(*, user, hub: Hub, managers) -> None:
    if user is not None:
        require(user, "hubs.add_hub", message=NOT_AN_ADMIN)
    hub.managers.add(*managers)


@transaction.atomic
def space_create(*, user, hub: Hub, **values) -> Space:
    _require_manager(user, hub)
    return _saved(Space(hub=hub, **values))


@transaction.atomic
def hub_service_create(*, user, hub: Hub, schedule: list[tuple[int, datetime.time, datetime.time]] = (),
                       **values) -> HubService:
    """A service offered at a hub, with when it runs ((weekday, opens, closes) rows)."""
    _require_manager(user, hub)
    service = _saved(HubService(hub=hub, **values))
    for weekday, opens, closes in schedule:
        _saved(ServiceSchedule(service=service, weekday=weekday, opens=opens, closes=closes))
    return service


@transaction.atomic
def closure_save(*, user, hub: Hub, space: Space | None, starts_on: datetime.date, ends_on: datetime.date,
                 reason: str, closure: Closure | None = None) -> Closure:
    """Close a space (or, with no space, the whole hub) for some days, or change such a closure."""
    stored_hub_id = (Closure.objects.filter(pk=closure.pk).values_list("hub_id", flat=True).first()
                     if closure is not None and closure.pk else None)
    _require_hub_of(user, hub, stored_hub_id)
    if space is not None and space.hub_id != hub.pk:
        raise Invalid({"space": SPACE_NOT_IN_HUB.format(hub=hub.name)})
    check_closure(starts_on=starts_on, ends_on=ends_on)
    closure = closure or Closure()
    closure.hub, closure.space, closure.starts_on, closure.ends_on, closure.reason = (
        hub, space, starts_on, ends_on, reason)
    return _saved(closure)


def _require_hub_of(user, hub: Hub, stored_hub_id: int | None) -> None:
    """The acting user runs `hub`, and, for a record moved from another hub, that hub too."""
    _require_manager(user, hub)
    if stored_hub_id is not None and stored_hub_id != hub.pk:
        _require_manager(user, Hub.objects.get(pk=stored_hub_id))


def check_spells(spells: list[Spell], *, field: str = "hours") -> None:
    """Invalid unless each spell closes after it opens and no two spells of a day overlap (a
    day may have several: 9 to 13 and 14 to 17). The one place of the rule."""
    days = defaultdict(list)
    names = dict(Weekday.choices)
    for weekday, opens, closes in spells:
        if closes <= opens:
            raise Invalid({field: SPELL_BACKWARDS.format(weekday=names[weekday], opens=opens, closes=closes)})
        days[weekday].append((opens, closes))
    for weekday, day in days.items():
        day.sort()
        for (a_opens, a_closes), (b_opens, b_closes) in zip(day, day[1:], strict=False):
            if b_opens < a_closes:
                raise Invalid({field: SPELLS_OVERLAP.format(weekday=names[weekday], a_opens=a_opens,
                                                            a_closes=a_closes, b_opens=b_opens, b_closes=b_closes)})


@transaction.atomic
def opening_hours_set(*, user, hub: Hub, spells: list[Spell]) -> list[OpeningHours]:
    """The hub's weekly opening hours, replaced by these spells. Bookings already made stand:
    the hours apply to bookings made from now on."""
    _require_manager(user, hub)
    spells = sorted(spells)
    check_spells(spells)
    hub.opening_hours.all().delete()
    return [_saved(OpeningHours(hub=hub, weekday=d, opens=o, closes=c)) for d, o, c in spells]


@transaction.atomic
def space_save(*, user, hub: Hub, space: Space | None = None, rates: dict[str, Decimal | None] | None = None,
               **values) -> Space:
    """Add a space to a hub, or change one, with its hourly rates by kind of booker (`rates`:
    kind -> rate; None or absent leaves that kind free)."""
    stored_hub_id = Space.objects.filter(pk=space.pk).values_list("hub_id", flat=True).first() if space else None
    _require_hub_of(user, hub, stored_hub_id)
    space = Space.objects.get(pk=space.pk) if space else Space()
    space.hub = hub
    for name, value in values.items():
        setattr(space, name, value)
    space = _saved(space)
    if rates is not None:
        space_rates_set(user=user, space=space, rates=rates)
    return space


@transaction.atomic
def space_rates_set(*, user, space: Space, rates: dict[str, Decimal | None]) -> list[SpaceRate]:
    """A space's hourly rates by kind of booker, replacing the ones it had. Bookings already made
    keep the charge they were made with."""
    _require_manager(user, space.hub)
    if any(rate is not None and rate < 0 for rate in rates.values()):
        raise Invalid({"rates": RATE_NEGATIVE})
    SpaceRate.objects.filter(space=space).delete()
    return [_saved(SpaceRate(space=space, booker_kind=kind, hourly_rate=rate))
            for kind, rate in sorted(rates.items()) if rate]


@transaction.atomic
def space_delete(*, user, space: Space) -> None:
    """Remove a space that has never been booked nor let; one with bookings is kept (Conflict)."""
    _require_manager(user, space.hub)
    if Booking.objects.filter(space=space).exists():
        raise Conflict(SPACE_HAS_BOOKINGS.format(space=space.name))
    if space.occupancies.exists():
        raise Conflict(SPACE_OCCUPIED.format(space=space.name))
    try:
        space.delete()
    except ProtectedError:  # booked meanwhile
        raise Conflict(SPACE_HAS_BOOKINGS.format(space=space.name)) from None


@transaction.atomic
def hub_service_save(*, user, hub: Hub, service: HubService | None = None, schedule: list[Spell] | None = None,
                     **values) -> HubService:
    """Add a service to a hub, or change one; `schedule` (weekday, opens, closes rows), when
    given, replaces when it runs."""
    stored_hub_id = (HubService.objects.filter(pk=service.pk).values_list("hub_id", flat=True).first()
                     if service else None)
    _require_hub_of(user, hub, stored_hub_id)
    service = HubService.objects.get(pk=service.pk) if service else HubService()
    service.hub = hub
    for name, value in values.items():
        setattr(service, name, value)
    service = _saved(service)
    if schedule is not None:
        schedule = sorted(schedule)
        check_spells(schedule, field="schedule")
        service.schedules.all().delete()
        for weekday, opens, closes in schedule:
            _saved(ServiceSchedule(service=service, weekday=weekday, opens=opens, closes=closes))
    return service


@transaction.atomic
def hub_service_delete(*, user, service: HubService) -> None:
    _require_manager(user, service.hub)
    service.delete()


def check_closure(*, starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Invalid({"ends_on": CLOSURE_ENDS_BEFORE_START})


def bookings_in_closure(closure: Closure):
    """The bookings that hold their slot on the days a closure covers, in its space or, for a
    whole-hub closure, in any of the hub's: the officer moves or cancels each."""
    bookings = Booking.objects.holding().filter(space__hub_id=closure.hub_id)
    if closure.space_id:
        bookings = bookings.filter(space_id=closure.space_id)
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(closure.starts_on, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(closure.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (bookings.overlapping(first, after)
            .select_related("space", "organisation", "requested_by").order_by("starts_at", "pk"))


@transaction.atomic
def closure_delete(*, user, closure: Closure) -> None:
    _require_manager(user, closure.hub)
    closure.delete()
