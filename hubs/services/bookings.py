"""Bookings of hub spaces, single and repeating, and their approval and cancellation: every
rule about who may book what, when, is here and nowhere else. Pages, the API, admin and the
demo data call these services and show their typed errors."""

import bisect
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from localism.accounts.models import Organisation, User
from localism.core import retention
from localism.core.dates import EVENTS, local_moment, years_before
from localism.core.errors import Conflict, Invalid, Refused
from localism.core.services import lock, require

from .. import rules as hub_rules
from ..models import BookableBy, Booking, Closure, Space, new_series_id
from . import notices
from .charges import booking_charge

ENDS_BEFORE_START = "The booking must end after it starts."
IN_THE_PAST = "Choose a time that has not passed yet."
ONE_DAY = "A booking must start and end on the same day."
NOT_BOOKABLE = "{space} cannot be booked."
NOT_FOR_YOU = "{space} is for {who}: you cannot book it."
NOT_SIGNED_IN = "Sign in to book a space."
NOT_YOUR_ORGANISATION = "Only the hub's officers book for an organisation other than your own."
OVER_CAPACITY = "{space} holds {capacity} people: {attendees} is too many."
CLOSED_ON_DAY = "{hub} is closed on {weekday}s."
OUTSIDE_HOURS = "{hub} is open {hours} on {weekday}s: choose a time within those hours."
IN_CLOSURE = "{what} is closed from {start:%-d %B %Y} to {end:%-d %B %Y}: {reason}."
CONFLICT = "{space} is already booked from {start:%H:%M} to {end:%H:%M} on {start:%-d %B %Y}."
NOT_WAITING = "Only a booking awaiting approval can be approved or turned down."
NOT_YOURS_TO_DECIDE = "Only the hub's officers approve or turn down its bookings."
NOT_YOURS_TO_CANCEL = "Only the person who asked for a booking, their organisation or the hub's officers cancel it."
NOT_YOURS_TO_CHANGE = ("Only the person who asked for a booking or their organisation, before it starts, and the "
                       "hub's officers change it.")
CANNOT_CHANGE = "This booking is {status}: it cannot be changed."
REASON_MISSING = "Enter the reason for turning the request down"
CONTACT_MISSING = {"contact_name": "Enter the name of the person responsible on the day",
                   "contact_phone": "Enter the phone number of the person responsible on the day",
                   "contact_email": "Enter the email address of the person responsible on the day"}
SCOPE_INVALID = "Choose which dates to cancel"
NOTHING_TO_CANCEL = "None of these dates can be cancelled: they have passed or are cancelled already."
SERIES_SCOPES = ("one", "following", "all")
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
CANNOT_CANCEL = "This booking is already {status}."
SERIES_TOO_LONG = "A repeating booking can run for a year at most."
UNTIL_BEFORE_START = "The last booking must be on or after the first"
UNTIL_MISSING = "Enter the date of the last booking"
SERIES_HAS_CONFLICTS = "{n} of the dates cannot be booked. Book the others, or none."

MAX_SERIES = 53


class BookingConflict(Conflict):
    """The slot is held by another booking, which `booking` is."""

    def __init__(self, booking: Booking):
        start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
        self.booking = booking
        super().__init__(CONFLICT.format(space=booking.space.name, start=start, end=end), field="starts_at")


@dataclass
class Occurrence:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    problem: str | None = None
    booking: Booking | None = None


@dataclass
class SeriesResult:
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def problems(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.problem]

    @property
    def booked(self) -> list[Booking]:
        return [o.booking for o in self.occurrences if o.booking]


class SeriesConflict(Conflict):
    """Some dates of a repeating booking cannot be booked: `result` says which, and why."""

    def __init__(self, result: SeriesResult):
        self.result = result
        super().__init__(SERIES_HAS_CONFLICTS.format(n=len(result.problems)), field="starts_at")


def _hours_text(spells) -> str:
    return " and ".join(f"{o:%H:%M} to {c:%H:%M}" for o, c in spells)


def may_book(user: User, space: Space) -> bool:
    """Whether the space is open to this user for booking, by its "bookable by" and their role.
    No query: the pages use it to offer only the spaces a user may book."""
    if not user.is_authenticated or not space.is_bookable:
        return False
    if hub_rules.is_council_staff.test(user):
        return True
    if space.bookable_by == BookableBy.PARTNERS:
        return user.role == User.Role.PARTNER
    if space.bookable_by == BookableBy.COMMUNITY:
        return user.role in (User.Role.PARTNER, User.Role.RESIDENT, User.Role.COUNCILLOR)
    return False


def check_may_book(*, requester: User, space: Space, organisation: Organisation | None) -> None:
    """Refused unless this user may book this space for this organisation: the one place of the
    rule "may this user book this space". Checked once for a booking or a whole series."""
    require(requester, "hubs.add_booking", message=NOT_SIGNED_IN)
    if not space.is_bookable:
        raise Refused(NOT_BOOKABLE.format(space=space.name))
    if not may_book(requester, space):
        raise Refused(NOT_FOR_YOU.format(space=space.name, who=space.get_bookable_by_display().lower()))
    # Only those who run the hub book for another organisation: its staff then see the booking's
    # details and may cancel it.
    if (organisation is not None and organisation.pk != requester.organisation_id
            and not hub_rules.can_manage_hub.test(requester, space.hub)):
        raise Invalid({"organisation": NOT_YOUR_ORGANISATION})


def _closures(space: Space, first: datetime.date, last: datetime.date) -> list[Closure]:
    return list(Closure.objects.filter(hub_id=space.hub_id, starts_on__lte=last, ends_on__gte=first)
                .filter(Q(space__isnull=True) | Q(space=space)).select_related("space"))


def booking_problem(*, space: Space, starts_at, ends_at, attendees: int, closures: list[Closure],
                    now=None) -> tuple[str, str] | None:
    """Why a space cannot be booked for this time (field, message), conflicts aside; None if it
    can. `space` comes with its hub's opening hours and `closures` are the hub's closures of the
    period, loaded once (a repeating booking checks many dates): no query here."""
    hub = space.hub
    if ends_at <= starts_at:
        return "ends_at", ENDS_BEFORE_START
    if starts_at < (now or timezone.now()):
        return "starts_at", IN_THE_PAST
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        return "ends_at", ONE_DAY
    if attendees > space.capacity:
        return "attendees", OVER_CAPACITY.format(space=space.name, capacity=space.capacity, attendees=attendees)
    weekday = start.strftime("%A")
    spells = [(h.opens, h.closes) for h in hub.opening_hours.all() if h.weekday == start.weekday()]
    if not spells:
        return "starts_at", CLOSED_ON_DAY.format(hub=hub.name, weekday=weekday)
    if not any(o <= start.time() and end.time() <= c for o, c in spells):
        return "starts_at", OUTSIDE_HOURS.format(hub=hub.name, hours=_hours_text(spells), weekday=weekday)
    closure = next((c for c in closures if c.starts_on <= start.date() <= c.ends_on
                    and c.space_id in (None, space.pk)), None)
    if closure:
        what = closure.space.name if closure.space_id else hub.name
        return "starts_at", IN_CLOSURE.format(what=what, start=closure.starts_on, end=closure.ends_on,
                                              reason=closure.reason)
    return None


def _clash(space: Space, starts_at, ends_at, exclude_pk=None) -> Booking | None:
    """The booking that holds any of this time in this space: the one place of the overlap rule
    (the exclusion constraint on PostgreSQL is its last word)."""
    return (Booking.objects.holding().overlapping(starts_at, ends_at).filter(space=space)
            .exclude(pk=exclude_pk).select_related("space").order_by("starts_at").first())


def _locked_space(space: Space) -> Space:
    # Lock the space: requests for one space queue here (PostgreSQL); SQLite's write transaction
    # already runs one at a time. Its hub's opening hours come with it, for the checks.
    return lock(Space, space.pk, queryset=Space.objects.select_related("hub").prefetch_related("hub__opening_hours"))


def _check_slot(space, starts_at, ends_at, attendees, *, now, exclude_pk=None) -> None:
    day = timezone.localtime(starts_at).date()
    problem = booking_problem(space=space, starts_at=starts_at, ends_at=ends_at, attendees=attendees,
                              closures=_closures(space, day, day), now=now)
    if problem:
        raise Invalid({problem[0]: problem[1]})


def _save_holding(booking: Booking, *, user) -> Booking:
    """Save a booking that holds its slot; another booking in the way is a BookingConflict,
    whether found first or by the database's constraint."""
    if clash := _clash(booking.space, booking.starts_at, booking.ends_at, exclude_pk=booking.pk):
        raise BookingConflict(clash)
    booking.full_clean()
    booking._history_user = user
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        clash = _clash(booking.space, booking.starts_at, booking.ends_at, exclude_pk=booking.pk)
        if clash is None:
            raise
        raise BookingConflict(clash) from None
    return booking


@transaction.atomic
def booking_create(*, space: Space, requester: User, starts_at, ends_at, purpose: str, attendees: int,
                   organisation: Organisation | None = None, booked_for: str = "", series=None,
                   contact: dict | None = None, now=None, checked: bool = False) -> Booking:
    """Hold a space for a time. Refused when this user may not book the space, Invalid with the
    field and the reason, or BookingConflict when another booking holds any of the time.
    Requests from partners and community groups wait for a hub officer where the space asks for
    approval. `contact` holds contact_name, contact_phone and contact_email (required unless
    council staff book). `now` is the clock the "not in the past" rule reads (the demo's past bookings)."""
    space = _locked_space(space)
    if requester.is_authenticated and requester.role == User.Role.PARTNER and organisation is None:
        organisation = requester.organisation
    if not checked:
        check_may_book(requester=requester, space=space, organisation=organisation)
    _check_slot(space, starts_at, ends_at, attendees, now=now)
    staff = hub_rules.is_council_staff.test(requester)
    status = Booking.Status.CONFIRMED if staff or not space.approval_needed else Booking.Status.REQUESTED
    _check_contact(requester, contact)
    charge = booking_charge(space=space, requester=requester, starts_at=starts_at, ends_at=ends_at,
                            organisation=organisation)
    booking = Booking(requested_by=requester, status=status, series=series, charge=charge, **_booking_values(
        space=space, starts_at=starts_at, ends_at=ends_at, purpose=purpose, attendees=attendees,
        organisation=organisation, booked_for=booked_for, contact=contact))
    booking = _save_holding(booking, user=requester)
    if series is None:  # a repeating request is announced once, by booking_series_create
        notices.requested(booking)
    return booking


def _booking_values(*, space, starts_at, ends_at, purpose, attendees, organisation, booked_for, contact) -> dict:
    """The one place where a booking's values are put together, new or changed: what is worked
    out from them (a charge, say) belongs here."""
    return {"space": space, "starts_at": starts_at, "ends_at": ends_at, "purpose": purpose, "attendees": attendees,
            "organisation": organisation, "booked_for": booked_for,
            **{name: (contact or {}).get(name, "") for name in CONTACT_FIELDS}}


def _check_contact(user, contact: dict | None) -> None:
    """Partners' and community groups' bookings name the person responsible on the day; council
    staff's bookings may. None is a caller that does not ask for one (the partner API's v1
    clients written before bookings had a contact, the demo)."""
    if contact is None or hub_rules.is_council_staff.test(user):
        return
    missing = {name: message for name, message in CONTACT_MISSING.items() if not (contact or {}).get(name)}
    if missing:
        raise Invalid(missing)


@transaction.atomic
def booking_update(*, booking: Booking, user, space: Space, starts_at, ends_at, purpose: str, attendees: int,
                   organisation: Organisation | None = None, booked_for: str = "", contact: dict | None = None,
                   now=None) -> Booking:
    """Change a booking's time, space, numbers or details: the same checks as a new booking for
    its new time, space or number of people, and another booking in the way is named. The hub's
    officers change any of its bookings; the requester and their organisation change theirs
    before it starts (for their own organisation only; a change to a room that needs approval
    waits for it again). Its status otherwise changes only by approval, turning down or
    cancellation. `contact` None keeps the contact as it is."""
    current = lock(Booking, booking.pk)  # as stored: an admin form has changed `booking` already
    priced_on = (current.space_id, current.starts_at, current.ends_at, current.organisation_id)
    current_space = Space.objects.select_related("hub").get(pk=current.space_id)
    managing = hub_rules.can_decide_booking.test(user, current)
    if not managing and not (hub_rules.made_booking.test(user, current)
                             and current.starts_at > (now or timezone.now())):
        raise Refused(NOT_YOURS_TO_CHANGE if user.is_authenticated else NOT_SIGNED_IN)
    if not managing and current.status not in Booking.HOLDING:
        raise Invalid(CANNOT_CHANGE.format(status=current.get_status_display().lower()))
    space = _locked_space(space)
    moved = (space.pk, starts_at, ends_at, attendees) != (current.space_id, current.starts_at, current.ends_at,
                                                          current.attendees)
    if space.pk != current.space_id:
        if space.hub_id != current_space.hub_id and not hub_rules.can_manage_hub.test(user, space.hub):
            raise Refused(NOT_YOURS_TO_CHANGE)
        if not space.is_bookable:
            raise Refused(NOT_BOOKABLE.format(space=space.name))
    if not managing:
        check_may_book(requester=user, space=space, organisation=organisation)
    if contact is None:
        contact = {name: getattr(current, name) for name in CONTACT_FIELDS}
    else:
        _check_contact(user, contact)
    for name, value in _booking_values(space=space, starts_at=starts_at, ends_at=ends_at, purpose=purpose,
                                       attendees=attendees, organisation=organisation, booked_for=booked_for,
                                       contact=contact).items():
        setattr(current, name, value)
    if (space.pk, starts_at, ends_at, organisation.pk if organisation else None) != priced_on:
        # A new time, space or organisation is priced afresh, at today's rates; the rest keeps its charge.
        current.charge = booking_charge(space=space, requester=current.requested_by, starts_at=starts_at,
                                        ends_at=ends_at, organisation=organisation)
    if moved:
        _check_slot(space, starts_at, ends_at, attendees, now=now, exclude_pk=current.pk)
        if (current.status == Booking.Status.CONFIRMED and space.approval_needed
                and not hub_rules.is_council_staff.test(user)):
            current.status = Booking.Status.REQUESTED
    if current.status in Booking.HOLDING:
        current = _save_holding(current, user=user)
    else:
        current.full_clean()
        current._history_user = user
        current.save()
    notices.changed(current, user=user)
    return current


def series_dates(*, starts_at, ends_at, every_weeks: int, until: datetime.date | None) -> list[tuple]:
    """The occurrences of a weekly (1) or fortnightly (2) booking up to `until`: the same UK
    wall-clock time each week, across the changes to and from British Summer Time."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if until is None:
        raise Invalid({"until": UNTIL_MISSING})
    try:  # the last date within the bookings' window: no date is worked out beyond the calendar
        EVENTS(until)
    except ValidationError as error:
        raise Invalid({"until": error.messages}) from None
    if until < start.date():
        raise Invalid({"until": UNTIL_BEFORE_START})
    if (until - start.date()).days > 366:
        raise Invalid({"until": SERIES_TOO_LONG})
    out, step, day = [], datetime.timedelta(weeks=every_weeks), start.date()
    while day <= until and len(out) < MAX_SERIES:
        out.append((local_moment(day, start.time()), local_moment(day, end.time())))
        day += step
    return out


def _first_clash(holding: list[Booking], starts_at, ends_at) -> Booking | None:
    """The earliest of `holding` (ordered by start, with their longest length) that holds any of
    this time: a look at the few that start near it, not a scan of them all."""
    if not holding:
        return None
    longest = max(b.ends_at - b.starts_at for b in holding)
    starts = [b.starts_at for b in holding]
    for b in holding[bisect.bisect_left(starts, starts_at - longest):bisect.bisect_left(starts, ends_at)]:
        if b.ends_at > starts_at:
            return b
    return None


def _series_checked(space: Space, dates: list[tuple], *, attendees: int, now) -> SeriesResult:
    """Each date and what, if anything, stops it being booked: the period's closures and the
    bookings that hold a slot in it are read once (two queries), the dates checked in memory."""
    closures = _closures(space, dates[0][0].date(), dates[-1][0].date())
    holding = list(Booking.objects.holding().filter(space=space, starts_at__lt=dates[-1][1],
                                                    ends_at__gt=dates[0][0]).select_related("space")
                   .order_by("starts_at", "pk"))
    result = SeriesResult()
    for s, e in dates:
        problem = booking_problem(space=space, starts_at=s, ends_at=e, attendees=attendees, closures=closures,
                                  now=now)
        message = problem[1] if problem else None
        if message is None and (clash := _first_clash(holding, s, e)):
            message = BookingConflict(clash).message
        result.occurrences.append(Occurrence(s, e, message))
    return result


def booking_series_preview(*, space: Space, requester: User, starts_at, ends_at, attendees: int,
                           organisation=None, every_weeks: int, until: datetime.date | None,
                           now=None) -> SeriesResult:
    """Each date of a repeating booking, and what, if anything, stops it being booked. Who may
    book is checked once; the period's closures and bookings are read once: the same queries
    whatever the number of dates."""
    space = Space.objects.select_related("hub").prefetch_related("hub__opening_hours").get(pk=space.pk)
    if requester.is_authenticated and requester.role == User.Role.PARTNER and organisation is None:
        organisation = requester.organisation
    check_may_book(requester=requester, space=space, organisation=organisation)
    dates = series_dates(starts_at=starts_at, ends_at=ends_at, every_weeks=every_weeks, until=until)
    return _series_checked(space, dates, attendees=attendees, now=now)


@transaction.atomic
def booking_series_create(*, space: Space, requester: User, starts_at, ends_at, purpose: str, attendees: int,
                          every_weeks: int, until: datetime.date | None, organisation=None, booked_for: str = "",
                          contact: dict | None = None, book_available: bool = False, now=None) -> SeriesResult:
    """Book every date of a weekly or fortnightly booking. If any date cannot be booked, book
    none (SeriesConflict says which) unless `book_available`, when the others are booked; none
    bookable is a SeriesConflict either way. The space is locked once, its closures and bookings
    read once and the dates saved together, with their records of changes: the same queries
    whatever the number of dates."""
    space = _locked_space(space)
    if requester.is_authenticated and requester.role == User.Role.PARTNER and organisation is None:
        organisation = requester.organisation
    check_may_book(requester=requester, space=space, organisation=organisation)
    dates = series_dates(starts_at=starts_at, ends_at=ends_at, every_weeks=every_weeks, until=until)
    result = _series_checked(space, dates, attendees=attendees, now=now)
    _check_contact(requester, contact)
    if result.problems and (not book_available or len(result.problems) == len(result.occurrences)):
        raise SeriesConflict(result)
    series = new_series_id()
    staff = hub_rules.is_council_staff.test(requester)
    status = Booking.Status.CONFIRMED if staff or not space.approval_needed else Booking.Status.REQUESTED
    charges = {}  # by length: every date is the same hours, but for a change of the clocks
    bookable = [o for o in result.occurrences if not o.problem]
    for n, occurrence in enumerate(bookable):
        length = occurrence.ends_at - occurrence.starts_at
        if length not in charges:
            charges[length] = booking_charge(space=space, requester=requester, starts_at=occurrence.starts_at,
                                             ends_at=occurrence.ends_at, organisation=organisation)
        occurrence.booking = Booking(requested_by=requester, status=status, series=series, charge=charges[length],
                                     **_booking_values(space=space, starts_at=occurrence.starts_at,
                                                       ends_at=occurrence.ends_at, purpose=purpose,
                                                       attendees=attendees, organisation=organisation,
                                                       booked_for=booked_for, contact=contact))
        # The first date is checked in full; the others differ from it only in their times,
        # already checked above, so their related rows and constraints are not read again.
        if n == 0:
            occurrence.booking.full_clean()
        else:
            occurrence.booking.full_clean(exclude=["space", "organisation", "requested_by"], validate_unique=False,
                                          validate_constraints=False)
    try:
        with transaction.atomic():
            bulk_create_with_history([o.booking for o in bookable], Booking, default_user=requester)
    except IntegrityError:  # a date taken since the check (the exclusion constraint): name it
        for occurrence in bookable:
            clash = _clash(space, occurrence.starts_at, occurrence.ends_at)
            occurrence.booking = None
            if clash is not None:
                occurrence.problem = BookingConflict(clash).message
        raise SeriesConflict(result) from None
    if not result.booked:
        raise SeriesConflict(result)
    notices.requested(result.booked[0], dates=len(result.booked))
    return result


def _decide(booking: Booking, *, user, status: str, note: str, now=None) -> Booking:
    require(user, "hubs.change_booking", booking, message=NOT_YOURS_TO_DECIDE)
    booking = lock(Booking, booking.pk)
    if booking.status != Booking.Status.REQUESTED:
        raise Invalid(NOT_WAITING)
    if status == Booking.Status.REJECTED and not note.strip():
        raise Invalid({"note": REASON_MISSING})  # the requester is told why
    booking.status, booking.decided_by, booking.decided_at = status, user, now or timezone.now()
    booking.decision_note = note
    booking.full_clean()
    booking._history_user = user
    booking.save()
    notices.decided(booking)
    return booking


@transaction.atomic
def booking_approve(*, booking: Booking, user, note: str = "", now=None) -> Booking:
    return _decide(booking, user=user, status=Booking.Status.CONFIRMED, note=note, now=now)


@transaction.atomic
def booking_reject(*, booking: Booking, user, note: str = "", now=None) -> Booking:
    """Turn a request down, with the reason the requester is shown (needed)."""
    return _decide(booking, user=user, status=Booking.Status.REJECTED, note=note, now=now)


@transaction.atomic
def booking_cancel(*, booking: Booking, user, note: str = "") -> Booking:
    """Cancel a booking: its slot is free again at once."""
    require(user, "hubs.delete_booking", booking, message=NOT_YOURS_TO_CANCEL)
    booking = lock(Booking, booking.pk)
    if booking.status not in Booking.HOLDING:
        raise Invalid(CANNOT_CANCEL.format(status=booking.get_status_display().lower()))
    booking.status, booking.decision_note = Booking.Status.CANCELLED, note
    booking._history_user = user
    booking.save()
    notices.cancelled([booking], user=user)
    return booking


@transaction.atomic
def booking_series_cancel(*, booking: Booking, user, scope: str, note: str = "", now=None) -> list[Booking]:
    """Cancel one date of a repeating booking ("one"), this date and the later ones
    ("following"), or every date still to come ("all"); the dates that have passed are kept.
    Who may cancel is the rule of cancelling one booking. Returns the bookings cancelled."""
    require(user, "hubs.delete_booking", booking, message=NOT_YOURS_TO_CANCEL)
    if scope not in SERIES_SCOPES:
        raise Invalid({"scope": SCOPE_INVALID})
    if scope == "one" or booking.series is None:
        return [booking_cancel(booking=booking, user=user, note=note)]
    dates = Booking.objects.holding().filter(series=booking.series, space__hub_id=booking.space.hub_id)
    dates = dates.filter(starts_at__gte=booking.starts_at if scope == "following" else (now or timezone.now()))
    cancelled = []
    for each in dates.select_for_update().order_by("pk"):
        each.status, each.decision_note = Booking.Status.CANCELLED, note
        each._history_user = user
        each.save()
        cancelled.append(each)
    if not cancelled:
        raise Invalid(NOTHING_TO_CANCEL)
    cancelled.sort(key=lambda b: b.starts_at)
    notices.cancelled(cancelled, user=user)
    return cancelled


def free_slots(*, space: Space, starts_at, ends_at, attendees: int = 1, count: int = 3, days: int = 14,
               now=None) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The nearest times from `starts_at` on, of the same length, at which the space can be
    booked: within its hub's opening hours, outside closures and other bookings, tried every half
    hour for `days` days. The same three queries whatever the number of bookings."""
    space = Space.objects.select_related("hub").prefetch_related("hub__opening_hours").get(pk=space.pk)
    length, step = ends_at - starts_at, datetime.timedelta(minutes=30)
    if length <= datetime.timedelta(0):
        return []
    first = timezone.localtime(max(starts_at, now or timezone.now()))
    last_day = first.date() + datetime.timedelta(days=days)
    try:
        EVENTS(last_day)
    except ValidationError:
        last_day = EVENTS.bounds()[1]
    closures = _closures(space, first.date(), last_day)
    window_end = local_moment(last_day, datetime.time(23, 59))
    holding = list(Booking.objects.holding().filter(space=space, starts_at__lt=window_end, ends_at__gt=first)
                   .only("starts_at", "ends_at"))
    out, day = [], first.date()
    while day <= last_day and len(out) < count:
        for hours in [h for h in space.hub.opening_hours.all() if h.weekday == day.weekday()]:
            moment = local_moment(day, hours.opens)
            while moment + length <= local_moment(day, hours.closes) and len(out) < count:
                end = moment + length
                if moment >= first and not booking_problem(
                        space=space, starts_at=moment, ends_at=end, attendees=attendees, closures=closures,
                        now=now) and not any(b.starts_at < end and b.ends_at > moment for b in holding):
                    out.append((moment, end))
                moment += step
        day += datetime.timedelta(days=1)
    return sorted(out)[:count]


@transaction.atomic
def bookings_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the bookings (and the records of their changes) that ended more than RECORDS_YEARS
    ago, as the privacy notice says: they hold who asked, for whom and why. Returns how many
    bookings went; a second run finds none."""
    now = now or timezone.now()
    cutoff = years_before(now, settings.RECORDS_YEARS)
    expired = set(Booking.objects.filter(ends_at__lt=cutoff).values_list("pk", flat=True))
    # Bookings already deleted leave their records of changes behind: those go too.
    kept = Booking.objects.filter(ends_at__gte=cutoff).values("pk")
    gone = set(Booking.history.filter(ends_at__lt=cutoff).exclude(id__in=kept).values_list("id", flat=True))
    # The bookings first: deleting one records a last change, which then goes with the rest.
    Booking.objects.filter(pk__in=expired).delete()
    Booking.history.filter(id__in=expired | gone).delete()
    retention.removed(job=BOOKINGS_JOB, counts={"bookings": len(expired)}, now=now)
    return len(expired)


@transaction.atomic
def booking_contacts_remove_expired(*, now: datetime.datetime | None = None) -> int:
    """Blank the contact of the bookings that ended more than BOOKING_CONTACT_DAYS ago, in the
    booking and the records of its changes, as the privacy notice says. Returns how many
    bookings had one; a second run finds none."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.BOOKING_CONTACT_DAYS)
    blank = {name: "" for name in CONTACT_FIELDS}
    has_contact = Q(contact_name__gt="") | Q(contact_phone__gt="") | Q(contact_email__gt="")
    # An update, not a save: blanking is not a change anyone made, and records none.
    count = Booking.objects.filter(has_contact, ends_at__lt=cutoff).update(**blank)
    Booking.history.filter(has_contact, ends_at__lt=cutoff).update(**blank)
    retention.removed(job=BOOKING_CONTACTS_JOB, counts={"booking_contacts": count}, now=now)
    return count


BOOKINGS_JOB = "bookings"
BOOKING_CONTACTS_JOB = "booking_contacts"


def retention_declare() -> None:
    """The hubs' retention jobs, in the privacy notice's words (localism.core.retention)."""
    retention.declare(
        BOOKINGS_JOB, title="Bookings",
        data="Bookings and the record of their changes: who asked, for whom, its purpose and the decision on it",
        rule=lambda: f"{settings.RECORDS_YEARS} years after the date of the booking", kinds=("bookings",))
    retention.declare(
        BOOKING_CONTACTS_JOB, title="Booking contacts",
        data="The contact for a booking: the name, phone number and email address of the person responsible "
             "on the day",
        rule=lambda: f"{settings.BOOKING_CONTACT_DAYS} days after the booking", kinds=("booking_contacts",))
