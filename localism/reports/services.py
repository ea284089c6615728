"""Publishing open data. Each run writes new dated files and keeps the earlier ones."""

import datetime
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
        councillors = "; ".join(seat.name for seat in w.current_seats)
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


# A nightly publication counts as missed when none is this recent (a day, and an hour's grace).
MISSED_AFTER = datetime.timedelta(hours=25)


@transaction.atomic
def ward_open_data_publish(*, now=None) -> list[Report]:
    """Publish the current wards as CSV and as GeoJSON, dated today. Safe to run twice: a day's
    files, once published, are not published again (a task may run twice after a worker dies)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    kinds = [Report.Kind.WARDS_CSV, Report.Kind.WARDS_GEOJSON]
    # Lock the kinds' latest rows so two runs at once do not both publish.
    published = {r.kind: r for r in Report.objects.select_for_update().filter(
        kind__in=kinds, published_at__date=day).order_by("published_at")}
    if set(published) == set(kinds):
        return [published[kind] for kind in kinds]
    wards = _wards()
    figures = {"wards": len(wards), "seats": sum(w.seats for w in wards)}
    stamp = day.strftime("%Y-%m-%d")
    return [
        _report_create(kind=Report.Kind.WARDS_CSV, title="Birmingham wards",
                       filename=f"birmingham-wards-{stamp}.csv", content=_wards_csv(wards),
                       content_type="text/csv", figures=figures, now=now),
        _report_create(kind=Report.Kind.WARDS_GEOJSON, title="Birmingham ward boundaries",
                       filename=f"birmingham-ward-boundaries-{stamp}.geojson",
                       content=_wards_geojson(wards), content_type="application/geo+json",
                       figures=figures, now=now),
    ]


def ward_open_data_missed(*, now=None) -> bool:
    """Whether the nightly publication was missed (the site was down at its time): no ward files
    were published within the last day, or none ever."""
    now = now or timezone.now()
    return not Report.objects.filter(kind=Report.Kind.WARDS_CSV, published_at__gt=now - MISSED_AFTER).exists()
