"""Reading the uses proposed for assets: the asset officers' list, an asset's proposals, and what
a councillor's propose form offers (the held assets and the priorities of the plans of their
wards). A fixed number of queries each, however many rows."""

from wards.models import PlanStatus, Priority, Ward

from ..models import Asset, AssetUseProposal

# A use is proposed from a plan still in use: not from an archived one.
PLAN_STATUSES = [PlanStatus.DRAFT, PlanStatus.CONSULTATION, PlanStatus.PUBLISHED]


def _with_related(proposals):
    return (proposals.select_related("asset", "asset__ward", "priority", "priority__plan", "proposed_by",
                                     "answered_by")
            .defer("asset__ward__boundary", "asset__ward__boundary_simplified"))


def proposal_list(*, status: str | None = None):
    proposals = _with_related(AssetUseProposal.objects.order_by("-created_at", "-pk"))
    return proposals.filter(status=status) if status else proposals


def proposal_get(*, pk: int) -> AssetUseProposal:
    return _with_related(AssetUseProposal.objects.all()).get(pk=pk)


def asset_proposals(asset) -> list[AssetUseProposal]:
    return list(_with_related(AssetUseProposal.objects.filter(asset=asset)))


def proposal_choices(*, wards) -> dict:
    """The held assets in `wards` and the priorities of those wards' plans still in use."""
    ward_ids = [w.pk for w in wards]
    assets = (Asset.objects.held().filter(ward__in=ward_ids).select_related("ward")
              .defer("ward__boundary", "ward__boundary_simplified").order_by("name", "asset_code"))
    priorities = (Priority.objects.filter(plan__wards__in=ward_ids, plan__status__in=PLAN_STATUSES)
                  .select_related("plan").distinct().order_by("-plan__period", "plan_id", "position"))
    return {"assets": assets, "priorities": priorities}


def offered_wards(user, *, asset=None, priority=None) -> list[Ward]:
    """The wards whose assets and priorities the form offers: the given asset's ward, else the
    given priority's plan's wards, else the wards where the user holds a seat."""
    wards = Ward.objects.current().without_geometry()
    if asset is not None and asset.ward_id:
        return list(wards.filter(pk=asset.ward_id))
    if priority is not None:
        return list(wards.filter(plans=priority.plan_id))
    from wards.selectors import wards_where_seated

    return list(wards_where_seated(user))
