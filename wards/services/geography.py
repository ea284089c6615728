"""Writes of wards. The 2018 wards and their postcodes load from the copy shipped in wards/data."""

import csv
import datetime
import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ..models import BoundaryGeneration, CouncillorSeat, Postcode, Ward

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WARDS_CSV = DATA_DIR / "birmingham-wards-2018.csv"
WARDS_GEOJSON = DATA_DIR / "birmingham-wards-2018.geojson"
WARDS_SIMPLIFIED_GEOJSON = DATA_DIR / "birmingham-wards-2018-simplified.geojson"
POSTCODES_CSV = DATA_DIR / "birmingham-postcodes-wards-derived.csv.gz"

GENERATION_2018 = dict(
    name="2018 wards",
    legislation="The Birmingham (Electoral Changes) Order 2017",
    valid_from=datetime.date(2018, 5, 3),
)
# Postcodes whose coordinates are shared with at least this many others carry stand-in
# locations (see the data's SOURCES); their ward is reported as approximate.
SHARED_COORDINATES_LIMIT = 10


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # what a reader should check, one line each

    def add(self, model: str, outcome: str, n: int = 1) -> None:
        self.counts[(model, outcome)] += n

    def lines(self) -> list[str]:
        models = sorted({m for m, _ in self.counts})
        return [
            f"{m}: " + ", ".join(f"{o} {self.counts[(m, o)]}" for o in ("created", "updated", "unchanged", "deleted"))
            + (f", ended {self.counts[(m, 'ended')]}" if (m, "ended") in self.counts else "")
            for m in models
        ] + self.notes

    @property
    def changed(self) -> bool:
        return any(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")


def _bbox(geometry: dict) -> dict:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    lons = [pt[0] for polygon in polygons for ring in polygon for pt in ring]
    lats = [pt[1] for polygon in polygons for ring in polygon for pt in ring]
    return dict(min_latitude=min(lats), max_latitude=max(lats), min_longitude=min(lons), max_longitude=max(lons))


def _geometries(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {feat["properties"]["ward_code"]: feat["geometry"] for feat in json.load(f)["features"]}


def _save_if_changed(obj, values: dict, report: ImportReport, label: str) -> None:
    from decimal import Decimal

    def same(a, b):
        if isinstance(a, Decimal) or isinstance(b, Decimal):
            return a is not None and b is not None and Decimal(str(a)) == Decimal(str(b))
        return a == b

    created = obj.pk is None
    if not created and all(same(getattr(obj, k), v) for k, v in values.items()):
        report.add(label, "unchanged")
        return
    for k, v in values.items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    report.add(label, "created" if created else "updated")


@dataclass(frozen=True)
class WardFiles:
    """The files of one boundary generation: wards in the columns of the shipped CSV, their
    boundaries as GeoJSON features keyed by `ward_code`, and optionally their postcodes."""

    wards_csv: Path
    boundaries: Path
    simplified: Path | None = None  # generalised boundaries for drawing; the full ones if absent
    postcodes: Path | None = None


FILES_2018 = WardFiles(WARDS_CSV, WARDS_GEOJSON, WARDS_SIMPLIFIED_GEOJSON, POSTCODES_CSV)

GENERATION_NOT_AFTER_LATEST = "A new generation must come into force after the latest one, {latest} ({day})."
WARD_MISSING_FROM_FILE = "{code} {name}: belongs to {generation} but is not in the file."
WARD_REDRAWN_SAME_CODE = (
    "{code} {name}: its boundary differs from the one it has in {generation}; "
    "a redrawn ward needs its new GSS code."
)
WARD_CODE_TAKEN = "{code}: the code of {name}, which ended with {generation}; a code is never reused."


class WardImportError(Exception):
    """The file was refused as a whole; `problems` says which rows are wrong and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def wards_import_2018(*, commit: bool = True, postcodes: bool = True) -> ImportReport:
    """Load the 69 wards of 2018 (and their postcodes); running it again changes nothing."""
    return wards_import(generation=GENERATION_2018, files=FILES_2018, commit=commit, postcodes=postcodes)


@transaction.atomic
def wards_import(
    *, generation: dict, files: WardFiles, commit: bool = True, postcodes: bool = True
) -> ImportReport:
    """Load the wards of one boundary generation (`generation`: name, valid_from, legislation).

    A new generation comes after the latest one, which then ends the day before it comes into
    force. A ward whose GSS code and boundary are unchanged stays the same row (its range is
    extended), a new code is a new ward, and a ward missing from the file ends with the previous
    generation. Loading a generation again corrects its wards in place and is otherwise a no-op.
    The whole file is taken or none of it (WardImportError lists the problems). Without commit,
    everything is done and rolled back, so the report says what would change."""
    report, problems = ImportReport(), []
    rows = _ward_rows(files, problems)
    gen, previous, latest = _generation_save(generation, report, problems)
    if problems:
        raise WardImportError(problems)

    members = {w.gss_code: w for w in Ward.objects.in_generation(gen).select_related("generation_low")}
    # Wards that leave come first: a redrawn ward may take the slug of the one it replaces.
    for code, ward in members.items():
        if code in rows:
            continue
        if latest and ward.generation_high_id is None and ward.generation_low_id != gen.pk:
            ward.generation_high = previous
            ward.save(update_fields=["generation_high"])
            report.add("wards", "ended")
        else:
            problems.append(WARD_MISSING_FROM_FILE.format(code=code, name=ward.name, generation=gen))
    others = {
        w.gss_code: w
        for w in Ward.objects.filter(gss_code__in=rows)
        .exclude(pk__in=[w.pk for w in members.values()])
        .select_related("generation_high")
    }
    for code, values in rows.items():
        ward = members.get(code) or others.get(code)
        if ward is None:
            values.update(generation_low=gen, generation_high=None if latest else gen)
            values.setdefault("boundary_simplified", values["boundary"])
            _save_if_changed(Ward(), values, report, "wards")
        elif ward.boundary != values["boundary"] and not _only_in(ward, gen):
            first = ward.generation_low if code in members else ward.generation_high
            problems.append(WARD_REDRAWN_SAME_CODE.format(code=code, name=ward.name, generation=first))
        elif code in members:
            _save_if_changed(ward, values, report, "wards")
        elif latest and previous and ward.generation_high_id == previous.pk:
            # Ended by an earlier load of this generation, and back in its file: extend it again.
            _save_if_changed(ward, {**values, "generation_high": None}, report, "wards")
        else:
            problems.append(WARD_CODE_TAKEN.format(code=code, name=ward.name, generation=ward.generation_high))
    if problems:
        raise WardImportError(problems)

    if postcodes and files.postcodes:
        _postcodes_import(generation=gen, path=files.postcodes, report=report)
    if not commit:
        transaction.set_rollback(True)
    return report


def _only_in(ward: Ward, generation: BoundaryGeneration) -> bool:
    """A ward of this generation alone may have its boundary corrected in place."""
    later = BoundaryGeneration.objects.filter(valid_from__gt=generation.valid_from).exists()
    return ward.generation_low_id == generation.pk and (
        ward.generation_high_id == generation.pk or (ward.generation_high_id is None and not later)
    )


def _generation_save(values: dict, report: ImportReport, problems: list[str]):
    """Create or correct the generation. Returns it, the generation before it and whether it is
    the latest; a new latest generation ends the previous one the day before it comes in."""
    gen = BoundaryGeneration.objects.filter(name=values["name"]).first()
    latest = BoundaryGeneration.objects.order_by("-valid_from").first()
    if gen is None and latest and values["valid_from"] <= latest.valid_from:
        problems.append(GENERATION_NOT_AFTER_LATEST.format(latest=latest, day=latest.valid_from))
        return None, None, False
    gen = gen or BoundaryGeneration()
    _save_if_changed(gen, {"legislation": "", **values}, report, "boundary generations")
    previous = BoundaryGeneration.objects.filter(valid_from__lt=gen.valid_from).order_by("-valid_from").first()
    is_latest = not BoundaryGeneration.objects.filter(valid_from__gt=gen.valid_from).exists()
    last_day = gen.valid_from - datetime.timedelta(days=1)
    if previous and is_latest and (previous.valid_to is None or previous.valid_to > last_day):
        previous.valid_to = last_day
        previous.save(update_fields=["valid_to"])
        report.add("boundary generations", "updated")
    return gen, previous, is_latest


def _ward_rows(files: WardFiles, problems: list[str]) -> dict[str, dict]:
    """The file's wards by GSS code, as Ward field values; problems are collected, not raised."""
    full = _geometries(files.boundaries)
    # Without generalised boundaries, existing wards keep theirs and new ones draw the full one.
    simplified = _geometries(files.simplified) if files.simplified else {}
    rows, slugs = {}, {}
    with files.wards_csv.open(encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            code = (row.get("ward_code") or "").strip()
            where = f"Line {line} ({code or 'no code'})"
            if code in rows:
                problems.append(f"{where}: the code appears twice.")
                continue
            if code not in full or (files.simplified and code not in simplified):
                problems.append(f"{where}: no boundary for this code in the boundary file.")
                continue
            slug = slugify((row.get("ward_name") or "").replace("&", "and"))
            if slug in slugs:
                problems.append(f"{where}: the same name as {slugs[slug]}.")
                continue
            try:
                rows[code] = dict(
                    gss_code=code,
                    name=row["ward_name"],
                    slug=slug,
                    seats=int(row["councillors"]),
                    constituency=row["constituency"],
                    constituency_code=row["constituency_pcon_code"],
                    locality=row["locality"],
                    area_hectares=row["area_ha"] or None,
                    centroid_latitude=float(row["centroid_lat"]),
                    centroid_longitude=float(row["centroid_lon"]),
                    boundary=full[code],
                    **({"boundary_simplified": simplified[code]} if code in simplified else {}),
                    **_bbox(full[code]),
                )
            except (KeyError, TypeError, ValueError) as e:
                problems.append(f"{where}: cannot read {e}.")
                continue
            slugs[slug] = code
    return rows


def _postcodes_import(*, generation: BoundaryGeneration, path: Path, report: ImportReport) -> None:
    ward_ids = dict(Ward.objects.in_generation(generation).values_list("gss_code", "pk"))
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    shared = Counter((r["latitude"], r["longitude"]) for r in rows)
    existing = {p.compact: p for p in Postcode.objects.all()}
    to_create, to_update, seen = [], [], set()
    fields = ["postcode", "latitude", "longitude", "ward_id", "approximate"]
    for r in rows:
        compact = r["postcode"].replace(" ", "").upper()
        seen.add(compact)
        values = dict(
            postcode=r["postcode"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            ward_id=ward_ids[r["ward_code"]],
            approximate=shared[(r["latitude"], r["longitude"])] > SHARED_COORDINATES_LIMIT,
        )
        current = existing.get(compact)
        if current is None:
            to_create.append(Postcode(compact=compact, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    Postcode.objects.bulk_create(to_create, batch_size=2000)
    Postcode.objects.bulk_update(to_update, fields, batch_size=2000)
    stale = [p.pk for compact, p in existing.items() if compact not in seen]
    Postcode.objects.filter(pk__in=stale).delete()
    report.add("postcodes", "created", len(to_create))
    report.add("postcodes", "updated", len(to_update))
    report.add("postcodes", "deleted", len(stale))
    report.add("postcodes", "unchanged", len(rows) - len(to_create) - len(to_update))


@transaction.atomic
def councillor_seat_ensure(
    *, councillor, ward: Ward, party: str, term_start: datetime.date,
    term_end: datetime.date | None = None, is_demo: bool = False, **contact,
):
    """Seat a councillor in a ward for a term (or update that term's party, end and public
    contact details: email, phone, web_page, surgery_details)."""
    seat = CouncillorSeat.objects.filter(councillor=councillor, ward=ward, term_start=term_start).first()
    seat = seat or CouncillorSeat(councillor=councillor, ward=ward, term_start=term_start)
    seat.name, seat.party, seat.term_end, seat.is_demo = councillor.display_name, party, term_end, is_demo
    for key, value in contact.items():
        setattr(seat, key, value)
    seat.full_clean()
    seat.save()
    return seat
