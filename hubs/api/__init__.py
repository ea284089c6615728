"""The hubs app's partner API: hubs and their spaces, bookings, a hub's occupancy and services."""

from .bookings import BookingViewSet
from .hubs import HubViewSet, SpaceViewSet
from .open_referral import ServiceViewSet

__all__ = ["BookingViewSet", "HubViewSet", "ServiceViewSet", "SpaceViewSet"]
