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

    def add(self, model: str, outcome: str, n: int = 1) -> None:
        self.counts[(model, outcome)] += n

    def lines(self) -> list[str]:
        models = sorted({m for m, _ in self.counts})
        return [
            f"{m}: " + ", ".join(f"{o} {self.counts[(m, o)]}" for o in ("created", "updated", "unchanged", "deleted"))
            for m in models
        ]

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


@transaction.atomic
def wards_import_2018(*, commit: bool = True, postcodes: bool = True) -> ImportReport:
    """Load the 69 wards of 2018 (and their postcodes); running it again changes nothing.
    Without commit, everything is done and then rolled back, so the report says what would change."""
    report = ImportReport()
    generation = BoundaryGeneration.objects.filter(name=GENERATION_2018["name"]).first() or BoundaryGeneration()
    _save_if_changed(generation, GENERATION_2018, report, "boundary generations")

    full, simplified = _geometries(WARDS_GEOJSON), _geometries(WARDS_SIMPLIFIED_GEOJSON)
    existing = {w.gss_code: w for w in Ward.objects.filter(generation=generation)}
    with WARDS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["ward_code"]
            values = dict(
                generation=generation,
                gss_code=code,
                name=row["ward_name"],
                slug=slugify(row["ward_name"].replace("&", "and")),
                seats=int(row["councillors"]),
                constituency=row["constituency"],
                constituency_code=row["constituency_pcon_code"],
                locality=row["locality"],
                area_hectares=row["area_ha"],
                centroid_latitude=float(row["centroid_lat"]),
                centroid_longitude=float(row["centroid_lon"]),
                boundary=full[code],
                boundary_simplified=simplified[code],
                **_bbox(full[code]),
            )
            _save_if_changed(existing.get(code) or Ward(), values, report, "wards")

    if postcodes:
        _postcodes_import(generation=generation, report=report)
    if not commit:
        transaction.set_rollback(True)
    return report


def _postcodes_import(*, generation: BoundaryGeneration, report: ImportReport) -> None:
    ward_ids = dict(Ward.objects.filter(generation=generation).values_list("gss_code", "pk"))
    with gzip.open(POSTCODES_CSV, "rt", encoding="utf-8") as f:
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
    term_end: datetime.date | None = None, is_demo: bool = False,
):
    """Seat a councillor in a ward for a term (or update that term's party and end)."""
    seat = CouncillorSeat.objects.filter(councillor=councillor, ward=ward, term_start=term_start).first()
    seat = seat or CouncillorSeat(councillor=councillor, ward=ward, term_start=term_start)
    seat.party, seat.term_end, seat.is_demo = party, term_end, is_demo
    seat.full_clean()
    seat.save()
    return seat
