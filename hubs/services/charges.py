"""What a booking costs: the space's hourly rate for the kind of booker, times the hours. The
charge is worked out once, when the booking is made, and kept with it."""

import datetime
from decimal import Decimal

from localism.accounts.models import Organisation, User
from localism.core.numbers import PENNY, half_up

from ..models import BookerKind, Space, SpaceRate

# The kind of booker each kind of organisation is, for the rates.
KIND_OF_ORGANISATION = {
    Organisation.Kind.COUNCIL_DIRECTORATE: BookerKind.COUNCIL,
    Organisation.Kind.NHS_BODY: BookerKind.PARTNER,
    Organisation.Kind.POLICE: BookerKind.PARTNER,
    Organisation.Kind.HOUSING_ASSOCIATION: BookerKind.PARTNER,
    Organisation.Kind.PARISH_TOWN_COUNCIL: BookerKind.PARTNER,
    Organisation.Kind.VOLUNTARY_COMMUNITY: BookerKind.COMMUNITY,
    Organisation.Kind.SOCIAL_ENTERPRISE: BookerKind.COMMUNITY,
    Organisation.Kind.PRIVATE_BUSINESS: BookerKind.PRIVATE,
}


def booker_kind(organisation: Organisation | None) -> str:
    """The kind of booker an organisation is; with no organisation, a community booker."""
    if organisation is None:
        return BookerKind.COMMUNITY
    return KIND_OF_ORGANISATION.get(organisation.kind, BookerKind.COMMUNITY)


def booking_charge(*, space: Space, requester: User | None, starts_at: datetime.datetime,
                   ends_at: datetime.datetime, organisation: Organisation | None = None) -> Decimal:
    """The charge for holding `space` from `starts_at` to `ends_at`: the hourly rate for the
    kind of booker (the organisation booked for, else the requester's), times the hours, to the
    penny. No rate for that kind is free use."""
    if organisation is None and requester is not None and requester.is_authenticated:
        organisation = requester.organisation
    rate = (SpaceRate.objects.filter(space=space, booker_kind=booker_kind(organisation))
            .values_list("hourly_rate", flat=True).first())
    if not rate or ends_at <= starts_at:
        return Decimal("0.00")
    hours = Decimal((ends_at - starts_at).total_seconds()) / Decimal(3600)
    return half_up(rate * hours, PENNY)
