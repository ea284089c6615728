"""What the wards app's pages show of the register, through localism.core.links (wards never
imports assets): the assets in a ward, with their points for the ward's boundary drawing, and
the uses of assets proposed from a Ward Plan's priorities. One query each, however many rows."""

from collections import defaultdict

from django.urls import reverse

from localism.core.links import Link

from ..models import Asset, AssetUseProposal, CommunityValue


def _note(asset) -> str:
    parts = [asset.get_tenure_display()]
    if asset.holding_type:
        parts.append(asset.holding_type)
    if asset.tenure_detail:
        parts.append(asset.tenure_detail)
    if asset.community_value:
        parts.append(CommunityValue(asset.community_value).label)
    return " · ".join(parts)


def ward_asset_links(wards) -> dict[int, list[Link]]:
    """Per ward, the assets the council holds in it: name, link, tenure, holding type, community
    asset status, and (longitude, latitude) where the register knows it."""
    assets = (Asset.objects.held().filter(ward__in=[w.pk for w in wards])
              .only("pk", "name", "ward_id", "tenure", "tenure_detail", "holding_type", "community_value",
                    "latitude", "longitude")
              .order_by("name", "asset_code"))
    found = defaultdict(list)
    for asset in assets:
        point = None
        if asset.latitude is not None and asset.longitude is not None:
            point = (float(asset.longitude), float(asset.latitude))
        found[asset.ward_id].append(Link(asset.name, reverse("assets:asset", kwargs={"pk": asset.pk}),
                                         note=_note(asset), point=point))
    return found


def priority_asset_links(priorities) -> dict[int, list[Link]]:
    """Per priority, the uses of assets proposed from it: the asset (linked) and where the
    proposal stands."""
    proposals = (AssetUseProposal.objects.filter(priority__in=[p.pk for p in priorities])
                 .select_related("asset").only("pk", "priority_id", "status", "asset__id", "asset__name")
                 .order_by("created_at", "pk"))
    found = defaultdict(list)
    for proposal in proposals:
        found[proposal.priority_id].append(Link(
            f"A use proposed for {proposal.asset.name}", reverse("assets:asset", kwargs={"pk": proposal.asset.pk}),
            note=proposal.get_status_display()))
    return found


def priority_propose_links(priorities) -> dict[int, list[Link]]:
    """Per priority, where its plan's editors propose a use for an asset in the ward (the plan
    page asks only for those who may edit the plan). No query."""
    url = reverse("assets:proposal-new")
    return {p.pk: [Link("Propose a use for a council asset", f"{url}?priority={p.pk}")] for p in priorities}
