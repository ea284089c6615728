"""What the hubs tell people (localism.core.events): a hub's officers of a request waiting for
them; a requester of the answer, a change or a cancellation made by someone else. Each message
says what the reader may already see of the booking on the site, and no contact details."""

from django.urls import reverse
from django.utils import timezone

from localism.core import events

from ..models import Booking

REQUESTED = "booking_requested"
DECIDED = "booking_decided"
CHANGED = "booking_changed"
CANCELLED = "booking_cancelled"


def declare() -> None:
    """The kinds of event the hubs publish (from the app's ready())."""
    events.declare(REQUESTED, "A booking is requested at a hub you manage", audience="hub officers")
    events.declare(DECIDED, "Your booking request is approved or turned down", audience="people who book")
    events.declare(CHANGED, "A booking of yours, or at a hub you manage, is changed", audience="people who book")
    events.declare(CANCELLED, "A booking of yours, or at a hub you manage, is cancelled",
                   audience="people who book")


def _when(booking: Booking) -> str:
    starts, ends = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{starts:%A %-d %B %Y}, {starts:%H:%M} to {ends:%H:%M}"


def _what(booking: Booking) -> str:
    who = booking.organisation.name if booking.organisation_id else (booking.booked_for or "")
    lines = [f"{booking.space.name}, {booking.space.hub.name}", _when(booking), f"Purpose: {booking.purpose}"]
    if who:
        lines.insert(2, f"For: {who}")
    return "\n".join(lines)


def _officers(booking: Booking, *, besides=None) -> tuple[int, ...]:
    skip = getattr(besides, "pk", None)
    return tuple(pk for pk in booking.space.hub.managers.values_list("pk", flat=True) if pk != skip)


def _url(booking: Booking) -> str:
    return reverse("hubs:booking", args=[booking.pk])


def requested(booking: Booking, *, dates: int = 1) -> None:
    """A request waits for the hub's officers (a repeating request: once, for all its dates)."""
    if booking.status != Booking.Status.REQUESTED:
        return
    repeat = f" (and {dates - 1} more dates)" if dates > 1 else ""
    key = f"booking-series-requested:{booking.series}" if dates > 1 else f"booking-requested:{booking.pk}"
    events.publish(events.Event(
        kind=REQUESTED, key=key, recipients=_officers(booking, besides=booking.requested_by),
        subject=f"Booking request to approve: {booking.space.name}, {booking.space.hub.name}{repeat}",
        body=_what(booking), url=_url(booking)))


def decided(booking: Booking) -> None:
    """The requester hears the answer, with the reason when it is turned down."""
    approved = booking.status == Booking.Status.CONFIRMED
    body = _what(booking)
    if booking.decision_note:
        body += f"\n{'Note' if approved else 'Reason'}: {booking.decision_note}"
    if booking.requested_by_id == booking.decided_by_id:
        return
    events.publish(events.Event(
        kind=DECIDED, key=f"booking-decided:{booking.pk}", recipients=(booking.requested_by_id,),
        subject=f"Your booking is {'approved' if approved else 'turned down'}: {booking.space.name}, "
                f"{booking.space.hub.name}",
        body=body, url=_url(booking)))


def _others(booking: Booking, user) -> tuple[int, ...]:
    """Who hears of a change by `user`: the requester, when someone else made it; the hub's
    officers, when the requester did."""
    if user is not None and booking.requested_by_id == user.pk:
        return _officers(booking, besides=user)
    return (booking.requested_by_id,) if booking.requested_by_id else ()


def changed(booking: Booking, *, user) -> None:
    events.publish(events.Event(
        kind=CHANGED, key=f"booking-changed:{booking.pk}:{timezone.now().timestamp()}",
        recipients=_others(booking, user),
        subject=f"Booking changed: {booking.space.name}, {booking.space.hub.name}"
                + (" (it waits for approval again)" if booking.status == Booking.Status.REQUESTED else ""),
        body=_what(booking), url=_url(booking)))


def cancelled(bookings: list[Booking], *, user) -> None:
    """One message for what one cancellation cancelled (one date, or several of a series)."""
    if not bookings:
        return
    first = bookings[0]
    more = f" (and {len(bookings) - 1} more dates)" if len(bookings) > 1 else ""
    body = _what(first) + (f"\nReason: {first.decision_note}" if first.decision_note else "")
    events.publish(events.Event(
        kind=CANCELLED, key=f"booking-cancelled:{first.pk}:{len(bookings)}", recipients=_others(first, user),
        subject=f"Booking cancelled: {first.space.name}, {first.space.hub.name}{more}",
        body=body, url=_url(first)))
