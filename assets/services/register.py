"""Keeping the register by hand: an asset officer adds an asset, edits one (versioned: a stale
edit is refused) and confirms the disposal of one missing from an import. Each change is in the
asset's history with who made it; the asset is placed in its ward again whenever its location
changes."""

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Conflict
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import Asset
from .placement import asset_place

LOCATION_FIELDS = ("easting", "northing", "postcode")
NOT_MISSING = "This asset is not missing from an import: only those can be confirmed as disposed of."
ALREADY_DISPOSED = "This asset's disposal is already confirmed."
ASSET_CODE_TAKEN = "Another asset has this asset id."


def _placed(values: dict) -> dict:
    place = asset_place(easting=values.get("easting"), northing=values.get("northing"),
                        postcode=values.get("postcode", ""))
    return {**values, "ward": place.ward, "location_source": place.source,
            "latitude": place.latitude, "longitude": place.longitude}


@transaction.atomic
def asset_create(*, user, **values) -> Asset:
    require(user, "assets.add_asset")
    if Asset.objects.filter(asset_code=values.get("asset_code")).exists():
        raise Conflict(ASSET_CODE_TAKEN, field="asset_code")
    return audited_create(Asset(**_placed(values)), user=user)


@transaction.atomic
def asset_update(*, user, asset_id: int, version: int | None, **changes) -> Asset:
    """Change an asset's details; placed again if its map reference or postcode changed."""
    require(user, "assets.change_asset")
    current = lock(Asset, asset_id)
    if "asset_code" in changes and Asset.objects.filter(asset_code=changes["asset_code"]).exclude(
            pk=asset_id).exists():
        raise Conflict(ASSET_CODE_TAKEN, field="asset_code")
    if any(name in changes and changes[name] != getattr(current, name) for name in LOCATION_FIELDS):
        location = {name: changes.get(name, getattr(current, name)) for name in LOCATION_FIELDS}
        changes = {**changes, **{k: v for k, v in _placed(location).items() if k not in LOCATION_FIELDS}}
    return versioned_save(Asset, asset_id, user=user, version=version, changes=changes, thing="asset")


@transaction.atomic
def asset_disposal_confirm(*, user, asset_id: int, version: int | None) -> Asset:
    """Confirm that an asset missing from an import has been disposed of: it leaves the register
    (and the export) but stays, with its history."""
    require(user, "assets.change_asset")
    current = lock(Asset, asset_id)
    if current.disposed_at is not None:
        raise Conflict(ALREADY_DISPOSED)
    if current.missing_since is None:
        raise Conflict(NOT_MISSING)
    return versioned_save(Asset, asset_id, user=user, version=version,
                          changes={"disposed_at": timezone.now()}, thing="asset")
