"""Who may do what with hubs: the one place for the hubs app's predicates.

Hubs, their spaces, services and opening hours are public. An officer manages only the hubs
they are assigned to: spaces, occupiers, bookings and approvals there. A partner books spaces
open to partners, for their own organisation, and sees the details of its own bookings only.
"""

import rules

from assets.rules import is_asset_officer
from localism.accounts.rules import is_admin, is_councillor, is_officer, is_partner, is_resident


@rules.predicate
def manages_hub(user, hub):
    return hub is not None and user.is_authenticated and hub.managers.filter(pk=user.pk).exists()


@rules.predicate
def manages_hub_of(user, item):
    """For a space, an occupancy, a service or a closure: manages the hub it belongs to."""
    return item is not None and manages_hub.test(user, item.hub)


@rules.predicate
def manages_booking_hub(user, booking):
    return booking is not None and manages_hub.test(user, booking.space.hub)


@rules.predicate
def made_booking(user, booking):
    """The person who asked for it, or a colleague of the organisation it is for."""
    if booking is None or not user.is_authenticated:
        return False
    if booking.requested_by_id == user.pk:
        return True
    return bool(user.organisation_id and booking.organisation_id == user.organisation_id)


can_manage_hub = is_admin | manages_hub
# Council staff book any bookable space, and what they book needs no approval.
is_council_staff = is_admin | is_officer
can_manage_hub_part = is_admin | manages_hub_of
can_decide_booking = is_admin | manages_booking_hub
can_see_booking_details = can_decide_booking | made_booking
can_cancel_booking = can_decide_booking | made_booking
# Who may ask for a booking at all; the space's "bookable by" then narrows it (services).
may_request_bookings = is_admin | is_officer | is_partner | is_councillor | is_resident
# Which building a hub is in: its own officers, or the asset officers who keep the register.
can_house_hub = is_admin | manages_hub | is_asset_officer
# The portfolio (every hub's and asset's figures, income included) is the asset officers' and
# admins' view; a hub officer sees their own hub's figures on its dashboard.
can_see_portfolio = is_admin | is_asset_officer
