"""Publishing open data. Each run writes new dated files and keeps the earlier ones: the wards
(CSV and GeoJSON) and, once they are loaded, the wards' profiles (Census 2021 and IMD 2019, two CSVs)
and the council's land and buildings (the Transparency Code register, CSV)."""

import datetime
import io
import json

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assets.selectors import asset_list, register_csv_write
from assets.selectors import community as community_value
from assets.services.contributions_format import export_all as contributions_export
from localism.core import spreadsheets
from wards.models import CensusFigure, ProfileTable, Ward
from wards.models.profiles import DECILES
from wards.selectors.profiles import ONS_TABLES

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


# The profiles in one tidy (long) table: a row per ward, Census table and category.
PROFILE_CSV_COLUMNS = [
    "ward_code", "ward_name", "table", "ons_table", "category", "ons_category", "count", "ward_total",
    "percent", "unit", "release",
]
# And a row per ward of its headline figures, how well its small areas fit it, and its IMD 2019 summary.
PROFILE_SUMMARY_CSV_COLUMNS = [
    "ward_code", "ward_name", "census_release", "census_small_areas", "usual_residents", "households",
    "ons_mid2024_estimate", "fit_ratio", "fit", "imd_release", "imd_small_areas",
    *(f"lsoas_decile_{decile}" for decile in DECILES),
    "imd_most_deprived_10pct", "imd_most_deprived_20pct", "imd_mean_rank", "imd_median_rank", "imd_min_rank",
    "imd_max_rank", "imd_modal_decile", "imd_city_rank",
]
TABLE_ORDER = {table: i for i, table in enumerate(ProfileTable)}


def _census_rows() -> list[tuple]:
    """The current wards' Census figures, by ward code, table and category: one query."""
    figures = CensusFigure.objects.filter(ward__in=Ward.objects.current()).values_list(
        "ward__gss_code", "ward__name", "table", "code", "ons_category", "count", "ward_total", "percent",
        "unit", "release", "position")
    return sorted(figures, key=lambda f: (f[0], TABLE_ORDER.get(f[2], len(TABLE_ORDER)), f[10]))


def _profiles_csv(rows) -> bytes:
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(PROFILE_CSV_COLUMNS)
    for code, name, table, category, ons_category, count, total, percent, unit, release, _ in rows:
        writer.writerow([code, name, table, ONS_TABLES.get(table, ""), category, ons_category, count, total,
                         percent, unit, release])
    return out.getvalue().encode("utf-8")


def _profiled_wards() -> list[Ward]:
    """The current wards that have a profile or a deprivation summary, with both: one query."""
    wards = (Ward.objects.current().without_geometry().select_related("profile", "deprivation")
             .filter(Q(profile__isnull=False) | Q(deprivation__isnull=False)).order_by("gss_code"))
    return list(wards)


def _related(ward, name):
    try:
        return getattr(ward, name)
    except ObjectDoesNotExist:
        return None


def _profile_summary_csv(wards) -> bytes:
    out = io.StringIO()
    writer = spreadsheets.writer(out)
    writer.writerow(PROFILE_SUMMARY_CSV_COLUMNS)
    for w in wards:
        p, d = _related(w, "profile"), _related(w, "deprivation")
        census = ([p.release, p.small_areas, p.usual_residents, p.households, p.mid_2024_estimate, p.fit_ratio, p.fit]
                  if p else [""] * 7)
        imd = ([d.release, d.small_areas, *d.lsoas_by_decile, d.most_deprived_10pct, d.most_deprived_20pct,
                d.mean_rank, d.median_rank, d.min_rank, d.max_rank, d.modal_decile, d.city_rank]
               if d else [""] * (len(PROFILE_SUMMARY_CSV_COLUMNS) - 9))
        writer.writerow([w.gss_code, w.name, *["" if v is None else v for v in census], *imd])
    return out.getvalue().encode("utf-8")


def _files(kinds: list[str], stamp: str):
    """(kind, what _report_create takes) for each kind asked for; the profiles' files only once
    the profiles are loaded (an empty file helps no one)."""
    if {Report.Kind.WARDS_CSV, Report.Kind.WARDS_GEOJSON} & set(kinds):
        wards = _wards()
        figures = {"wards": len(wards), "seats": sum(w.seats for w in wards)}
        if Report.Kind.WARDS_CSV in kinds:
            yield Report.Kind.WARDS_CSV, {
                "title": "Birmingham wards", "filename": f"birmingham-wards-{stamp}.csv",
                "content": _wards_csv(wards), "content_type": "text/csv", "figures": figures}
        if Report.Kind.WARDS_GEOJSON in kinds:
            yield Report.Kind.WARDS_GEOJSON, {
                "title": "Birmingham ward boundaries", "filename": f"birmingham-ward-boundaries-{stamp}.geojson",
                "content": _wards_geojson(wards), "content_type": "application/geo+json", "figures": figures}
    if Report.Kind.WARD_PROFILES_CSV in kinds and (rows := _census_rows()):
        yield Report.Kind.WARD_PROFILES_CSV, {
            "title": "Birmingham ward profiles: Census 2021",
            "filename": f"birmingham-ward-profiles-census2021-{stamp}.csv", "content": _profiles_csv(rows),
            "content_type": "text/csv", "figures": {"wards": len({r[0] for r in rows}), "rows": len(rows)}}
    if Report.Kind.WARD_PROFILE_SUMMARY_CSV in kinds and (profiled := _profiled_wards()):
        yield Report.Kind.WARD_PROFILE_SUMMARY_CSV, {
            "title": "Birmingham ward profile summaries: Census 2021 and IMD 2019",
            "filename": f"birmingham-ward-profile-summaries-{stamp}.csv", "content": _profile_summary_csv(profiled),
            "content_type": "text/csv", "figures": {"wards": len(profiled)}}
    if Report.Kind.ASSETS_CSV in kinds and (assets := asset_list()).exists():
        yield Report.Kind.ASSETS_CSV, _assets_file(assets, stamp)
    for kind, title, name, statuses in COMMUNITY_VALUE_FILES:
        if kind in kinds and (rows := list(community_value.nominations_published(statuses=statuses))):
            yield kind, _community_value_file(rows, title=title, filename=f"{name}-{stamp}.csv")
    if Report.Kind.CONTRIBUTION_TRANSACTIONS_CSV in kinds:
        text = contributions_export()["developer-agreement-transaction"]
        if rows := text.count("\n") - 1:
            yield Report.Kind.CONTRIBUTION_TRANSACTIONS_CSV, {
                "title": "Birmingham developer contribution transactions (Section 106 and CIL)",
                "filename": f"birmingham-developer-agreement-transaction-{stamp}.csv",
                "content": text.encode("utf-8"), "content_type": "text/csv", "figures": {"rows": rows}}


# The two lists the Localism Act makes the council publish (Part 5 Ch. 3, s. 87 and s. 93).
COMMUNITY_VALUE_FILES = [
    (Report.Kind.COMMUNITY_VALUE_CSV, "Birmingham assets of community value", "birmingham-assets-of-community-value",
     community_value.LISTING_STATUSES),
    (Report.Kind.UNSUCCESSFUL_NOMINATIONS_CSV, "Birmingham unsuccessful community value nominations",
     "birmingham-unsuccessful-community-value-nominations", [community_value.Status.NOT_LISTED]),
]


def _community_value_file(rows, *, title: str, filename: str) -> dict:
    out = io.StringIO()
    community_value.community_value_csv_write(out, rows)
    return {"title": title, "filename": filename, "content": out.getvalue().encode("utf-8"),
            "content_type": "text/csv", "figures": {"rows": len(rows)}}


def _assets_file(assets, stamp: str) -> dict:
    """The register in the Transparency Code's columns: the file assets/export.csv gives."""
    out = io.StringIO()
    register_csv_write(out, assets)
    return {"title": "Birmingham City Council land and buildings (Local Government Transparency Code)",
            "filename": f"birmingham-land-and-assets-{stamp}.csv", "content": out.getvalue().encode("utf-8"),
            "content_type": "text/csv",
            "figures": {"assets": assets.count(), "outside_birmingham": assets.filter(ward__isnull=True).count()}}


# A nightly publication counts as missed when none is this recent (a day, and an hour's grace).
MISSED_AFTER = datetime.timedelta(hours=25)
OPEN_DATA_KINDS = [Report.Kind.WARDS_CSV, Report.Kind.WARDS_GEOJSON, Report.Kind.WARD_PROFILES_CSV,
                   Report.Kind.WARD_PROFILE_SUMMARY_CSV, Report.Kind.ASSETS_CSV, Report.Kind.COMMUNITY_VALUE_CSV,
                   Report.Kind.UNSUCCESSFUL_NOMINATIONS_CSV, Report.Kind.CONTRIBUTION_TRANSACTIONS_CSV]


@transaction.atomic
def ward_open_data_publish(*, now=None) -> list[Report]:
    """Publish the current wards as CSV and as GeoJSON, their profiles as two CSVs, the asset
    register as a CSV and the lists of assets of community value and of unsuccessful nominations
    as CSVs, dated today; the day's files, in the order of OPEN_DATA_KINDS. Safe to run twice: each of a day's
    files, once published, is not published again (a task may run twice after a worker dies), and
    a run publishes only the day's files still missing (a kind added since the morning's run)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    # Lock the kinds' latest rows so two runs at once do not both publish.
    published = {r.kind: r for r in Report.objects.select_for_update().filter(
        kind__in=OPEN_DATA_KINDS, published_at__date=day).order_by("published_at")}
    missing = [kind for kind in OPEN_DATA_KINDS if kind not in published]
    for kind, file in _files(missing, day.strftime("%Y-%m-%d")):
        published[kind] = _report_create(kind=kind, now=now, **file)
    return [published[kind] for kind in OPEN_DATA_KINDS if kind in published]


def ward_open_data_missed(*, now=None) -> bool:
    """Whether the nightly publication was missed (the site was down at its time): no ward files
    were published within the last day, or none ever."""
    now = now or timezone.now()
    return not Report.objects.filter(kind=Report.Kind.WARDS_CSV, published_at__gt=now - MISSED_AFTER).exists()
