"""Who may do what with the uses councillors propose for assets: the one place for its predicates.

A councillor with a current seat in the asset's ward proposes a use (from a priority of a plan
they edit); asset officers and admins see every proposal and answer it; a councillor of the
ward sees the proposals for its assets."""

import rules

from localism.accounts.rules import is_admin
from wards.rules import holds_seat_in

from .rules import can_manage_assets


@rules.predicate
def seated_in_asset_ward(user, asset):
    """A councillor with a current seat in the asset's ward; with no asset (the page that offers
    the assets to choose from), a current seat in any ward."""
    if asset is None:
        from wards.models import CouncillorSeat  # the models read these rules when they are defined

        return user.is_authenticated and CouncillorSeat.objects.current().filter(councillor=user).exists()
    return asset.ward_id is not None and holds_seat_in.test(user, asset.ward)


@rules.predicate
def seated_in_proposal_ward(user, proposal):
    return proposal is not None and seated_in_asset_ward.test(user, proposal.asset)


can_propose_use = is_admin | seated_in_asset_ward
can_view_proposal = can_manage_assets | seated_in_proposal_ward
can_answer_proposal = can_manage_assets

rules.add_perm("assets.propose_asset_use", can_propose_use)
rules.add_perm("assets.answer_asset_use", can_answer_proposal)
