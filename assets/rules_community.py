"""Who may do what with assets of community value and community asset transfers: the one place
for their predicates.

The lists of assets of community value and of unsuccessful nominations are public (the council
must publish them); a nomination not yet decided is seen by asset officers, admins and whoever
sent it. Anyone signed in may nominate. Asset officers and admins decide, and record what owners
and community groups tell the council. A transfer is seen by asset officers, admins and the
members of the organisation asking; a voluntary or community organisation's member asks, its
contact sends the business case, asset officers decide."""

import rules

from localism.accounts.models import Organisation
from localism.accounts.rules import is_signed_in

from .rules import can_manage_assets

# The organisations that may ask to take on an asset.
COMMUNITY_KINDS = {Organisation.Kind.VOLUNTARY_COMMUNITY, Organisation.Kind.SOCIAL_ENTERPRISE,
                   Organisation.Kind.PARISH_TOWN_COUNCIL}
UNPUBLISHED = "nominated"


@rules.predicate
def is_published_nomination(user, nomination):
    return nomination is None or nomination.status != UNPUBLISHED


@rules.predicate
def sent_nomination(user, nomination):
    return nomination is not None and user.is_authenticated and nomination.nominated_by_id == user.pk


@rules.predicate
def belongs_to_community_organisation(user):
    organisation = getattr(user, "organisation", None) if user and user.is_authenticated else None
    return organisation is not None and organisation.kind in COMMUNITY_KINDS


@rules.predicate
def is_transfer_member(user, transfer):
    if transfer is None or not user.is_authenticated:
        return False
    return transfer.contact_id == user.pk or (
        user.organisation_id is not None and user.organisation_id == transfer.organisation_id)


@rules.predicate
def is_transfer_contact(user, transfer):
    return transfer is not None and user.is_authenticated and transfer.contact_id == user.pk


can_view_nomination = is_published_nomination | sent_nomination | can_manage_assets
can_nominate = is_signed_in
can_view_transfer = can_manage_assets | is_transfer_member
can_ask_for_transfer = can_manage_assets | belongs_to_community_organisation
can_submit_business_case = can_manage_assets | is_transfer_contact
can_withdraw_transfer = can_manage_assets | is_transfer_contact

rules.add_perm("assets.manage_community_value", can_manage_assets)
rules.add_perm("assets.nominate_community_value", can_nominate)
rules.add_perm("assets.ask_for_transfer", can_ask_for_transfer)
rules.add_perm("assets.submit_business_case", can_submit_business_case)
rules.add_perm("assets.withdraw_transfer", can_withdraw_transfer)
