"""Reads of bookings: a hub's week, the requests awaiting approval, a user's own bookings, a
booking's history and the bookings the partner API shows each user."""

import datetime

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from localism.accounts.rules import is_admin
from localism.core.dates import EVENTS
from localism.core.history import Change

from ..models import Booking, Hub, Space
from .history import BOOKING_HISTORY_FIELDS, histories


def week_view(hub: Hub, *, week_start: datetime.date) -> dict:
    """A hub's bookings that hold a slot in a week (Monday to Sunday), by space and by day, and the
    Mondays of the weeks before and after it (None where that week lies beyond the bookings'
    window). The day must be within the window (a ValidationError otherwise): nothing here is
    worked out beyond the calendar."""
    EVENTS(week_start)
    first, last = EVENTS.bounds()
    week_start = week_start - datetime.timedelta(days=week_start.weekday())
    days = [week_start + datetime.timedelta(days=i) for i in range(7)]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    spaces = list(Space.objects.filter(hub=hub).order_by("name"))
    # By the hub's space ids, not through the join to the spaces: the database then reads each
    # space's bookings by start, from the space+start index.
    bookings = (Booking.objects.holding().filter(space_id__in=[s.pk for s in spaces], starts_at__lt=end,
                                                 ends_at__gt=start)
                .select_related("organisation", "requested_by", "space").order_by("starts_at"))
    grid = {(s.pk, d): [] for s in spaces for d in days}
    for b in bookings:
        grid.setdefault((b.space_id, timezone.localtime(b.starts_at).date()), []).append(b)
    rows = [{"space": s, "days": [grid[(s.pk, d)] for d in days]} for s in spaces]
    previous, following = days[0] - datetime.timedelta(days=7), days[0] + datetime.timedelta(days=7)
    return {"days": days, "rows": rows, "previous": previous if days[0] > first else None,
            "next": following if following <= last else None}


def space_week(space: Space, *, week_start: datetime.date, user) -> dict:
    """When a space is busy in a week (Monday to Sunday), for anyone who may book it: each day's
    bookings that hold a slot, each with `details_visible` (the `can_see_booking_details` rule:
    admins, the hub's managers, the requester and their organisation). Others' bookings are
    only "busy": the page shows nothing else of them. Two queries, whatever the bookings."""
    EVENTS(week_start)
    first, last = EVENTS.bounds()
    week_start = week_start - datetime.timedelta(days=week_start.weekday())
    days = [week_start + datetime.timedelta(days=i) for i in range(7)]
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(days[0], datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(days[-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    sees_all = user.is_authenticated and (
        is_admin.test(user) or Hub.managers.through.objects.filter(hub_id=space.hub_id, user_id=user.pk).exists())
    by_day = {d: [] for d in days}
    for b in (Booking.objects.holding().filter(space=space, starts_at__lt=end, ends_at__gt=start)
              .select_related("organisation").order_by("starts_at")):
        b.details_visible = sees_all or b.requested_by_id == user.pk or bool(
            user.organisation_id and b.organisation_id == user.organisation_id)
        by_day.setdefault(timezone.localtime(b.starts_at).date(), []).append(b)
    previous, following = days[0] - datetime.timedelta(days=7), days[0] + datetime.timedelta(days=7)
    return {"days": [(d, by_day[d]) for d in days], "week_start": days[0],
            "previous": previous if days[0] > first else None, "next": following if following <= last else None}


def series_of(booking: Booking) -> list[Booking]:
    """Every date of the repeating booking this one belongs to, in order (just it if none)."""
    if booking.series is None:
        return [booking]
    return list(Booking.objects.filter(series=booking.series, space__hub_id=booking.space.hub_id)
                .select_related("space").order_by("starts_at"))


def bookings_awaiting(hub: Hub):
    """A hub's requests awaiting approval that have not ended, soonest first. Its spaces in a
    subquery, not a join: the database then reads each space's requests from the space+status
    index, not every request of every hub."""
    return (Booking.objects.filter(space_id__in=Space.objects.filter(hub=hub).values("pk"),
                                   status=Booking.Status.REQUESTED, ends_at__gt=timezone.now())
            .select_related("space", "organisation", "requested_by").order_by("starts_at", "pk"))


def bookings_of(user):
    """A user's own bookings and their organisation's, newest first."""
    mine = Q(requested_by=user)
    if user.organisation_id:
        mine |= Q(organisation_id=user.organisation_id)
    return (Booking.objects.filter(mine).select_related("space__hub", "organisation", "requested_by")
            .order_by("-starts_at"))


def booking_history(booking: Booking) -> list[Change]:
    records = booking.history.select_related("history_user")
    return histories(Booking, records, BOOKING_HISTORY_FIELDS).get(booking.pk, [])


def bookings_seen_by(user):
    """Bookings as `user` finds them in the partner API: every booking that holds a slot, and
    any other whose details they may see, each with `details_visible`. That is the
    `can_see_booking_details` rule (admins; the hub's managers; the requester and their
    organisation) worked out in the query, so a list costs the same whatever its length. The
    filter names plain columns (the spaces of the hubs they manage by a subquery, not a join), so
    a count reads the bookings alone, by the index of their start."""
    if not user.is_authenticated:
        visible, theirs = Value(False), None
    elif is_admin.test(user):
        return (Booking.objects.annotate(details_visible=Value(True))
                .select_related("space__hub", "organisation").order_by("starts_at", "pk"))
    else:
        managed = Space.objects.filter(hub__in=Hub.managers.through.objects.filter(user_id=user.pk)
                                       .values("hub_id")).values("pk")
        theirs = Q(requested_by_id=user.pk) | Q(space_id__in=managed)
        if user.organisation_id:
            theirs |= Q(organisation_id=user.organisation_id)
        visible = Case(When(theirs, then=Value(True)), default=Value(False), output_field=BooleanField())
    seen = Q(status__in=Booking.HOLDING)
    if theirs is not None:
        seen |= theirs
    return (Booking.objects.filter(seen).annotate(details_visible=visible)
            .select_related("space__hub", "organisation").order_by("starts_at", "pk"))


# The longest a booking runs: the booking service keeps each within one day (ONE_DAY), and a
# day is 25 hours when the clocks go back. So a booking running at a moment started at most
# this long before it, which lets a window's bookings be read by the index of their start.
LONGEST_BOOKING = datetime.timedelta(hours=25)


def bookings_running(queryset, since: datetime.datetime, until: datetime.datetime):
    """The bookings of `queryset` running at some moment from `since` to `until`: ending after
    the one, starting before the other (and so, as none runs longer than LONGEST_BOOKING,
    starting after `since` less that)."""
    return queryset.filter(ends_at__gt=since, starts_at__lt=until, starts_at__gt=since - LONGEST_BOOKING)
