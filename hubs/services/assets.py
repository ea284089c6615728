"""Which council building each hub is in: an asset of the register. A hub is linked to its
asset by UPRN where both have one; a library hub to its library asset by the library's name and
postcode; any other hub by an officer's choice (the hub's own officers, or an asset officer)."""

from dataclasses import dataclass, field

from django.db import transaction

from assets.models import Asset
from localism.core.errors import Invalid
from localism.core.services import lock, require

from ..models import Hub

NOT_YOURS_TO_HOUSE = "Only the hub's officers and asset officers choose the building a hub is in."
ASSET_DISPOSED = "That asset has been disposed of: choose a building the council still holds."


def _compact(postcode: str) -> str:
    return "".join((postcode or "").split()).upper()


def _name(name: str) -> str:
    return " ".join((name or "").split()).lower()


@transaction.atomic
def hub_asset_set(*, user, hub: Hub, asset: Asset | None) -> Hub:
    """Put the hub in `asset` (None: in no building of the register). `user=None` is the system
    (the linking command)."""
    if user is not None:
        require(user, "hubs.house_hub", hub, message=NOT_YOURS_TO_HOUSE)
    current = lock(Hub, hub.pk)
    if asset is not None and asset.disposed_at is not None:
        raise Invalid({"asset": ASSET_DISPOSED})
    if current.asset_id != (asset.pk if asset else None):
        current.asset = asset
        current.save(update_fields=["asset"])
    hub.asset = asset
    return current


@dataclass
class HubLinkReport:
    linked: list[tuple[str, str, str]] = field(default_factory=list)  # (hub, asset id, how)
    kept: list[str] = field(default_factory=list)  # hubs already in a building
    unmatched: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.linked)

    def lines(self) -> list[str]:
        lines = [f"hubs linked to their buildings: {len(self.linked)}; already linked, left as they are: "
                 f"{len(self.kept)}; not matched: {len(self.unmatched)}"]
        lines += [f"  {hub} -> {code} (by {how})" for hub, code, how in self.linked]
        if self.unmatched:
            lines.append("Not matched (an officer chooses their building on the hub's set-up page): "
                         + ", ".join(self.unmatched))
        return lines


@transaction.atomic
def hubs_link_to_assets(*, commit: bool = True) -> HubLinkReport:
    """Link each hub not yet in a building to its asset: by UPRN where the hub and one held asset
    share it, else by its name and postcode (a library's, or a hub's building registered under the
    hub's own name). A hub an officer has put
    in a building is left as it is. Without commit nothing is written. Three queries and a write
    for each hub linked."""
    report = HubLinkReport()
    held = list(Asset.objects.held().only("pk", "asset_code", "uprn", "name", "postcode"))
    by_uprn: dict[str, list[Asset]] = {}
    by_place: dict[tuple[str, str], list[Asset]] = {}
    for asset in held:
        if asset.uprn:
            by_uprn.setdefault(asset.uprn, []).append(asset)
        by_place.setdefault((_name(asset.name), _compact(asset.postcode)), []).append(asset)
    for hub in Hub.objects.only("pk", "name", "uprn", "postcode", "is_library", "asset_id").order_by("name"):
        if hub.asset_id is not None:
            report.kept.append(hub.name)
            continue
        match, how = None, ""
        if hub.uprn and len(by_uprn.get(hub.uprn, [])) == 1:
            match, how = by_uprn[hub.uprn][0], "UPRN"
        elif len(by_place.get((_name(hub.name), _compact(hub.postcode)), [])) == 1:
            match, how = by_place[(_name(hub.name), _compact(hub.postcode))][0], "name and postcode"
        if match is None:
            report.unmatched.append(hub.name)
            continue
        hub_asset_set(user=None, hub=hub, asset=match)
        report.linked.append((hub.name, match.asset_code, how))
    if not commit:
        transaction.set_rollback(True)
    return report
