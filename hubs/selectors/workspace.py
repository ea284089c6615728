"""The hubs' panels of a signed-in user's workspace: the hubs an officer manages with the
requests waiting for them, and a partner's bookings to come."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Booking
from .bookings import bookings_of
from .directory import hubs_managed_by

UPCOMING_SHOWN = 20


def hubs_with_requests_waiting(user, *, now: datetime.datetime | None = None) -> list:
    """The hubs the user manages, each with `waiting`: how many booking requests still to come
    await a decision (as the hub's requests page lists them). One query, however many hubs."""
    now = now or timezone.now()
    waiting = Q(spaces__bookings__status=Booking.Status.REQUESTED, spaces__bookings__ends_at__gt=now)
    return list(hubs_managed_by(user).annotate(waiting=Count("spaces__bookings", filter=waiting)))


def bookings_coming_up(user, *, now: datetime.datetime | None = None, limit: int = UPCOMING_SHOWN) -> list[Booking]:
    """The user's and their organisation's bookings that have not ended, soonest first, whatever
    their status (a request awaiting approval, turned down or cancelled is worth knowing)."""
    now = now or timezone.now()
    return list(bookings_of(user).filter(ends_at__gt=now).order_by("starts_at", "pk")[:limit])
