"""Importing the register from a file in the Transparency Code's format (a page's upload or
`manage.py import_assets`): the whole file or none of it, every bad row named with why, each
asset placed in its ward, a second import of the same file changing nothing, and an asset that
is missing from the file listed for an officer to confirm its disposal (never deleted)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localism.core.services import require

from ..models import Asset
from .libraries import ASSET_CODE_PREFIX as LIBRARY_ASSET_PREFIX
from .placement import asset_place
from .register_format import PART_3_FIELDS, FileProblem, Row, read_register

PART_2_FIELDS = ("uprn", "name", "street", "post_town", "postcode", "tenure", "tenure_detail", "holding_type")
PLACED_FIELDS = ("easting", "northing", "latitude", "longitude", "ward", "location_source")


class AssetImportError(Exception):
    """The file was refused as a whole; `problems` names each bad row and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class AssetImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    outside_birmingham: list[str] = field(default_factory=list)  # asset ids placed in no ward
    by_source: dict = field(default_factory=dict)  # location source -> count
    missing: list[Asset] = field(default_factory=list)  # held assets the file no longer lists
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or any(a.missing_since is None for a in self.missing))

    def lines(self) -> list[str]:
        lines = [f"assets: created {self.created}, updated {self.updated}, unchanged {self.unchanged}",
                 f"rows read: {self.rows}; placed by map reference {self.by_source.get('grid', 0)}, "
                 f"by postcode {self.by_source.get('postcode', 0)}, without a location "
                 f"{self.by_source.get('none', 0)}",
                 f"outside Birmingham's wards (no ward): {len(self.outside_birmingham)}"]
        if self.missing:
            lines.append(f"missing from the file, listed for an asset officer to confirm disposal: "
                         f"{len(self.missing)} ({', '.join(a.asset_code for a in self.missing[:10])}"
                         f"{', …' if len(self.missing) > 10 else ''})")
        return lines + self.notes


def _wanted(row: Row) -> dict:
    place = asset_place(easting=row.easting, northing=row.northing, latitude=row.latitude,
                        longitude=row.longitude, postcode=row.values["postcode"])
    return {**row.values, "easting": row.easting, "northing": row.northing, "latitude": place.latitude,
            "longitude": place.longitude, "ward": place.ward, "location_source": place.source}


def _stored(asset: Asset, name: str):
    return asset.ward_id if name == "ward" else getattr(asset, name)


def _given(values: dict, name: str):
    value = values[name]
    return value.pk if name == "ward" and value is not None else value


@transaction.atomic
def assets_import(*, user, data: bytes, commit: bool) -> AssetImportReport:
    """Read the register file `data` and bring the register up to date with it. Without commit
    nothing is written and the report says what would change. AssetImportError (nothing written)
    lists every problem. `user` is the asset officer uploading it (None: the operator running
    manage.py import_assets, who holds the database already)."""
    if user is not None:
        require(user, "assets.change_asset")
    try:
        rows, problems, notes = read_register(data)
    except FileProblem as e:
        raise AssetImportError([str(e)]) from None
    if problems:
        raise AssetImportError(problems)

    report = AssetImportReport(rows=len(rows), notes=notes)
    existing = {a.asset_code: a for a in Asset.objects.filter(asset_code__in=[r.key for r in rows])}
    now = timezone.now()
    create, update, changed_fields = [], [], set()
    invalid = []
    for row in rows:
        values = _wanted(row)
        report.by_source[values["location_source"]] = report.by_source.get(values["location_source"], 0) + 1
        if values["ward"] is None:
            report.outside_birmingham.append(row.key)
        asset = existing.get(row.key)
        compared = PART_2_FIELDS + PLACED_FIELDS + tuple(f for f in PART_3_FIELDS if f in row.has_part_3)
        if asset is None:
            asset = Asset(**values)
            create.append((row, asset))
            continue
        diff = [name for name in compared if _stored(asset, name) != _given(values, name)]
        if asset.missing_since is not None or asset.disposed_at is not None:
            diff += ["missing_since", "disposed_at"]  # back in the file: held again
            values.update(missing_since=None, disposed_at=None)
        if not diff:
            report.unchanged += 1
            continue
        for name in diff:
            setattr(asset, name, values[name])
        asset.version += 1
        changed_fields |= set(diff)
        update.append((row, asset))
    for row, asset in create + update:
        try:
            asset.full_clean(validate_unique=False)
        except Exception as e:  # a ValidationError: name the row
            messages = getattr(e, "messages", [str(e)])
            invalid.append(f"line {row.line} (asset {row.key}): {'; '.join(messages)}")
    if invalid:
        raise AssetImportError(invalid)
    report.created, report.updated = len(create), len(update)

    in_file = {r.key for r in rows}
    # The libraries come from the public libraries file (load_library_assets), not the register file.
    report.missing = list(Asset.objects.held().filter(is_demo=False).exclude(asset_code__in=in_file)
                          .exclude(asset_code__startswith=LIBRARY_ASSET_PREFIX)
                          .order_by("asset_code"))
    if not commit:
        transaction.set_rollback(True)
        return report
    if create:
        bulk_create_with_history([a for _, a in create], Asset, batch_size=500, default_user=user)
    if update:
        bulk_update_with_history([a for _, a in update], Asset, sorted({*changed_fields, "version"}),
                                 batch_size=500, default_user=user)
    newly_missing = [a for a in report.missing if a.missing_since is None]
    for asset in newly_missing:
        asset.missing_since = now
        asset.version += 1
    if newly_missing:
        bulk_update_with_history(newly_missing, Asset, ["missing_since", "version"], batch_size=500,
                                 default_user=user)
    return report
