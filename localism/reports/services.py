"""Publishing open data. Each run writes new dated files and keeps the earlier ones."""

import io
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from localism.core import spreadsheets
from wards.models import Ward

from .models import Report

WARD_CSV_COLUMNS = [
    "gss_code", "name", "seats", "constituency", "constituency_code", "locality",
    "area_hectares", "centroid_latitude", "centroid_longitude", "councillors",
]


def _wards() -> list[Ward]:
    return list(Ward.objects.current().with_councillors().order_by("gss_code").defer("boundary_simplified"))


def _wards_csv(wards) -> bytes:
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(WARD_CSV_COLUMNS)
    for w in wards:
        councillors = "; ".join(seat.councillor.display_name for seat in w.current_seats)
        writer.writerow([w.gss_code, w.name, w.seats, w.constituency, w.constituency_code, w.locality,
                         w.area_hectares, w.centroid_latitude, w.centroid_longitude, councillors])
    return out.getvalue().encode("utf-8")


def _wards_geojson(wards) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": w.gss_code,
            "properties": {"gss_code": w.gss_code, "name": w.name, "seats": w.seats,
                           "constituency": w.constituency, "locality": w.locality},
            "geometry": w.boundary,
        }
        for w in wards
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("utf-8")


def _report_create(*, kind: str, title: str, filename: str, content: bytes, content_type: str,
                   figures: dict, now) -> Report:
    report = Report(kind=kind, title=title, content_type=content_type, size_bytes=len(content),
                    figures=figures, published_at=now)
    report.file.save(filename, ContentFile(content), save=False)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def ward_open_data_publish() -> list[Report]:
    """Publish the current wards as CSV and as GeoJSON, dated today."""
    now = timezone.now()
    wards = _wards()
    figures = {"wards": len(wards), "seats": sum(w.seats for w in wards)}
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    return [
        _report_create(kind=Report.Kind.WARDS_CSV, title="Birmingham wards",
                       filename=f"birmingham-wards-{stamp}.csv", content=_wards_csv(wards),
                       content_type="text/csv", figures=figures, now=now),
        _report_create(kind=Report.Kind.WARDS_GEOJSON, title="Birmingham ward boundaries",
                       filename=f"birmingham-ward-boundaries-{stamp}.geojson",
                       content=_wards_geojson(wards), content_type="application/geo+json",
                       figures=figures, now=now),
    ]
