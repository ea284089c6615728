"""Every non-trivial read of the hubs app, N+1-free: the directory and a hub's page, occupancy,
utilisation, and bookings."""

from .bookings import booking_history, bookings_awaiting, bookings_of, bookings_seen_by, week_view
from .directory import (
    PostcodePoint,
    directory_entries,
    distance_km,
    hub_closures_ahead,
    hub_get,
    hubs_for_directory,
    hubs_managed_by,
    hubs_near,
    opening_week,
    postcode_location,
    wards_with_hubs,
)
from .occupancy import EXPIRY_WINDOW_DAYS, OccupancySummary, hub_occupancies, hub_occupancy
from .utilisation import (
    MAX_PERIOD_DAYS,
    PERIOD_BACKWARDS,
    PERIOD_TOO_LONG,
    Utilisation,
    check_period,
    last_full_weeks,
    utilisation,
)
from .workspace import UPCOMING_SHOWN, bookings_coming_up, hubs_with_requests_waiting

__all__ = [
    "EXPIRY_WINDOW_DAYS",
    "MAX_PERIOD_DAYS",
    "OccupancySummary",
    "PERIOD_BACKWARDS",
    "PERIOD_TOO_LONG",
    "PostcodePoint",
    "UPCOMING_SHOWN",
    "Utilisation",
    "booking_history",
    "bookings_awaiting",
    "bookings_coming_up",
    "bookings_of",
    "bookings_seen_by",
    "check_period",
    "directory_entries",
    "distance_km",
    "hub_closures_ahead",
    "hub_get",
    "hub_occupancies",
    "hub_occupancy",
    "hubs_for_directory",
    "hubs_managed_by",
    "hubs_near",
    "hubs_with_requests_waiting",
    "last_full_weeks",
    "opening_week",
    "postcode_location",
    "utilisation",
    "wards_with_hubs",
    "week_view",
]
