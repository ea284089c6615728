"""The hubs app's partner API: hubs and their spaces, bookings, a hub's occupancy and services."""

from .bookings import BookingViewSet
from .hubs import HubViewSet, SpaceViewSet
from .income import HubIncomeViewSet
from .open_referral import ServiceViewSet

__all__ = ["BookingViewSet", "HubIncomeViewSet", "HubViewSet", "ServiceViewSet", "SpaceViewSet"]
