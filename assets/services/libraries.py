"""Putting Birmingham's open libraries in the asset register, from the public libraries file
shipped in assets/data (see its SOURCES.md): each library's name, street, postcode and the ward
its postcode is in. The council's asset id for a library is `LIB-<slug of its name>`. The file
gives a UPRN for one library only (a closed one), so the UPRN is taken when given and never
invented; the file says nothing of tenure, so a library's tenure is "Other", with the detail
saying so, until an asset officer records it.

All or nothing, idempotent, and without `commit` a dry run that reports what would change (as
the register's import does). `user=None` is the operator running `manage.py load_library_assets`.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from localism.core.services import require

from ..models import Asset, Tenure
from .placement import asset_place
from .register_format import BadValue, uprn

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LIBRARIES_CSV = DATA_DIR / "birmingham-libraries.csv"
LIBRARY_WARDS_CSV = DATA_DIR / "birmingham-libraries-wards-derived.csv"
ASSET_CODE_PREFIX = "LIB-"
REQUIRED_COLUMNS = ["Library name", "Address 1", "Address 2", "Postcode", "Unique property reference number",
                    "Year closed", "Co-located with"]
TENURE_NOT_GIVEN = "Not given in the public libraries file"
NO_WARD = "its postcode {postcode} is not in any of Birmingham's wards"
NO_NAME = "it has no library name"
NO_POSTCODE = "it has no postcode"
SAME_NAME = "another open library of that name is on row {row}"
# The fields this loader keeps; anything else an asset officer records (tenure, size, running
# costs) is theirs, and a second load leaves it alone.
LOADED_FIELDS = ("uprn", "name", "street", "post_town", "postcode", "holding_type", "services_offered",
                 "ward", "location_source")
NEW_ONLY_FIELDS = ("tenure", "tenure_detail")


class LibraryAssetsError(Exception):
    """The file was refused as a whole; `problems` names each bad row and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LibraryAssetsReport:
    created: list[str] = field(default_factory=list)  # asset ids
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    closed: list[str] = field(default_factory=list)  # library names left out
    with_uprn: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        lines = [f"library assets: created {len(self.created)}, updated {len(self.updated)}, "
                 f"unchanged {self.unchanged}",
                 f"with a UPRN from the file: {len(self.with_uprn)} (the others have none: none is invented)"]
        if self.closed:
            lines.append(f"closed libraries left out: {len(self.closed)} ({', '.join(self.closed)})")
        return lines


def library_asset_code(name: str) -> str:
    return ASSET_CODE_PREFIX + slugify(name)


def _words(value: str | None) -> str:
    return " ".join((value or "").split())


def _wanted(row: dict) -> dict:
    """The register's values for one open library's row; BadValue says what is wrong."""
    name = _words(row["Library name"])
    postcode = _words(row["Postcode"]).upper()
    if not name:
        raise BadValue(NO_NAME)
    if not postcode:
        raise BadValue(NO_POSTCODE)
    place = asset_place(postcode=postcode)
    if place.ward is None:
        raise BadValue(NO_WARD.format(postcode=postcode))
    co_located = _words(row["Co-located with"])
    return {
        "asset_code": library_asset_code(name),
        "uprn": uprn(row["Unique property reference number"]),
        "name": name,
        "street": _words(row["Address 1"]),
        "post_town": _words(row["Address 2"]) or "Birmingham",
        "postcode": postcode,
        "holding_type": "Land and Building",
        "services_offered": "Public library" + (f"; shares its building with {co_located}" if co_located else ""),
        "ward": place.ward,
        "location_source": place.source,
    }


def _read(path: Path) -> tuple[list[tuple[int, dict]], list[str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LibraryAssetsError([f"{Path(path).name} has no column " + ", ".join(f'"{c}"' for c in missing)])
        rows = list(reader)
    wanted, closed, problems, seen = [], [], [], {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        name = _words(row["Library name"]) or "no name"
        if _words(row["Year closed"]):
            closed.append(name)
            continue
        try:
            values = _wanted(row)
        except BadValue as problem:
            problems.append(f"Row {number} ({name}): {problem}.")
            continue
        if values["asset_code"] in seen:
            problems.append(f"Row {number} ({name}): {SAME_NAME.format(row=seen[values['asset_code']])}.")
            continue
        seen[values["asset_code"]] = number
        wanted.append((number, values))
    if problems:
        raise LibraryAssetsError(problems)
    return wanted, closed


def _stored(asset: Asset, name: str):
    return asset.ward_id if name == "ward" else getattr(asset, name)


def _given(values: dict, name: str):
    value = values[name]
    return value.pk if name == "ward" else value


@transaction.atomic
def library_assets_load(*, user=None, path: Path = LIBRARIES_CSV, commit: bool = True) -> LibraryAssetsReport:
    """Create or bring up to date an asset for each open library in the file. Without commit
    nothing is written. LibraryAssetsError (nothing written) names every bad row."""
    if user is not None:
        require(user, "assets.add_asset")
    wanted, closed = _read(path)
    report = LibraryAssetsReport(closed=closed)
    existing = {a.asset_code: a for a in Asset.objects.filter(asset_code__in=[v["asset_code"] for _, v in wanted])}
    create, update, changed_fields, problems = [], [], set(), []
    for number, values in wanted:
        if values["uprn"]:
            report.with_uprn.append(values["asset_code"])
        asset = existing.get(values["asset_code"])
        if asset is None:
            asset = Asset(**values, tenure=Tenure.OTHER, tenure_detail=TENURE_NOT_GIVEN)
            create.append((number, asset))
            continue
        diff = [name for name in LOADED_FIELDS if _stored(asset, name) != _given(values, name)]
        if not diff:
            report.unchanged += 1
            continue
        for name in diff:
            setattr(asset, name, values[name])
        asset.version += 1
        changed_fields |= set(diff)
        update.append((number, asset))
    for number, asset in create + update:
        try:
            asset.full_clean(validate_unique=False)
        except ValidationError as error:
            problems.append(f"Row {number} ({asset.name}): {'; '.join(error.messages)}.")
    if problems:
        raise LibraryAssetsError(problems)
    report.created = [a.asset_code for _, a in create]
    report.updated = [a.asset_code for _, a in update]
    if not commit:
        transaction.set_rollback(True)
        return report
    if create:
        bulk_create_with_history([a for _, a in create], Asset, batch_size=500, default_user=user)
    if update:
        bulk_update_with_history([a for _, a in update], Asset, sorted({*changed_fields, "version"}),
                                 batch_size=500, default_user=user)
    return report
