"""The nightly open data publishes the wards' profiles: the Census 2021 tables as one tidy CSV,
and a row per ward of its headline figures, fit and IMD 2019 summary."""

import csv
import datetime
import io
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone

from localism.reports.models import Report
from localism.reports.services import PROFILE_CSV_COLUMNS, PROFILE_SUMMARY_CSV_COLUMNS, ward_open_data_publish
from wards.models import CensusFigure, DeprivationSummary, WardProfile

pytestmark = pytest.mark.django_db

NIGHT = timezone.make_aware(datetime.datetime(2026, 11, 30, 2, 15))


def published(**kwargs) -> dict[str, Report]:
    return {report.kind: report for report in ward_open_data_publish(**kwargs)}


def rows_of(report: Report) -> list[dict]:
    report.file.open("rb")
    with report.file:
        return list(csv.DictReader(io.StringIO(report.file.read().decode(), newline="")))


def test_the_census_tables_are_one_tidy_csv():
    report = published(now=NIGHT)[Report.Kind.WARD_PROFILES_CSV]
    assert report.filename == "birmingham-ward-profiles-census2021-2026-11-30.csv"
    assert report.title == "Birmingham ward profiles: Census 2021"
    rows = rows_of(report)
    assert list(rows[0]) == PROFILE_CSV_COLUMNS
    assert len(rows) == 69 * (6 + 5 + 8 + 2)  # every ward, each category of the four tables
    assert report.figures == {"wards": 69, "rows": len(rows)}
    assert rows[0] == {
        "ward_code": "E05011118", "ward_name": "Acocks Green", "table": "age", "ons_table": "TS007A",
        "category": "0_15", "ons_category": rows[0]["ons_category"], "count": rows[0]["count"],
        "ward_total": "26155", "percent": "23.33", "unit": "usual residents", "release": "Census 2021"}
    assert [r["table"] for r in rows[:21]] == ["age"] * 6 + ["ethnicity"] * 5 + ["tenure"] * 8 + ["disability"] * 2
    city = defaultdict(int)
    for r in rows:
        city[r["table"]] += int(r["count"])
    assert city["ethnicity"] == 1_144_941  # usual residents
    assert city["tenure"] == 423_441  # households
    assert {r["unit"] for r in rows if r["table"] == "tenure"} == {"households"}


def test_each_wards_table_adds_up_to_its_total_in_the_csv():
    counts, totals = defaultdict(int), {}
    for r in rows_of(published()[Report.Kind.WARD_PROFILES_CSV]):
        counts[r["ward_code"], r["table"]] += int(r["count"])
        totals[r["ward_code"], r["table"]] = int(r["ward_total"])
    assert len(counts) == 69 * 4
    assert counts == totals


def test_a_row_per_ward_with_its_fit_and_deprivation():
    report = published(now=NIGHT)[Report.Kind.WARD_PROFILE_SUMMARY_CSV]
    assert report.filename == "birmingham-ward-profile-summaries-2026-11-30.csv"
    rows = {r["ward_code"]: r for r in rows_of(report)}
    assert len(rows) == 69 and report.figures == {"wards": 69}
    assert list(next(iter(rows.values()))) == PROFILE_SUMMARY_CSV_COLUMNS
    assert rows["E05011170"]["imd_city_rank"] == "1"  # Sparkbrook & Balsall Heath East
    assert rows["E05011177"]["imd_city_rank"] == "69"  # Sutton Roughley
    shard_end = rows["E05011165"]
    assert (shard_end["imd_most_deprived_10pct"], shard_end["lsoas_decile_1"], shard_end["imd_small_areas"]) == (
        "100.0", "6", "6")
    assert {r["ward_name"] for r in rows.values() if r["fit"] == "poor"} == {
        "South Yardley", "Newtown", "Garretts Green", "Bournville & Cotteridge", "Sutton Four Oaks"}
    assert sum(int(r["usual_residents"]) for r in rows.values()) == 1_144_941
    assert sum(int(r["households"]) for r in rows.values()) == 423_441
    for r in rows.values():
        assert sum(int(r[f"lsoas_decile_{d}"]) for d in range(1, 11)) == int(r["imd_small_areas"])
    acocks_green = rows["E05011118"]
    assert (acocks_green["fit_ratio"], acocks_green["ons_mid2024_estimate"], acocks_green["census_release"]) == (
        "1.076", "25120", "Census 2021")


def test_publishing_twice_in_a_day_publishes_each_file_once():
    first = ward_open_data_publish(now=NIGHT)
    again = ward_open_data_publish(now=NIGHT + datetime.timedelta(hours=3))
    assert [r.kind for r in first] == [Report.Kind.WARDS_CSV, Report.Kind.WARDS_GEOJSON,
                                       Report.Kind.WARD_PROFILES_CSV, Report.Kind.WARD_PROFILE_SUMMARY_CSV]
    assert [r.pk for r in again] == [r.pk for r in first]
    assert Report.objects.count() == 4
    tomorrow = ward_open_data_publish(now=NIGHT + datetime.timedelta(days=1))
    assert Report.objects.count() == 8 and not {r.pk for r in tomorrow} & {r.pk for r in first}


def test_a_later_run_publishes_only_the_days_missing_files():
    # The morning's run published the wards before the profiles' files existed (a deploy in between).
    first = published(now=NIGHT)
    Report.objects.filter(kind__in=[Report.Kind.WARD_PROFILES_CSV, Report.Kind.WARD_PROFILE_SUMMARY_CSV]).delete()
    later = published(now=NIGHT + datetime.timedelta(hours=8))
    assert later[Report.Kind.WARDS_CSV].pk == first[Report.Kind.WARDS_CSV].pk
    assert later[Report.Kind.WARD_PROFILES_CSV].pk != first[Report.Kind.WARD_PROFILES_CSV].pk
    assert Report.objects.filter(kind=Report.Kind.WARDS_CSV).count() == 1
    assert Report.objects.count() == 4


def test_no_profile_files_before_the_profiles_are_loaded():
    CensusFigure.objects.all().delete()
    WardProfile.objects.all().delete()
    DeprivationSummary.objects.all().delete()
    assert [r.kind for r in ward_open_data_publish()] == [Report.Kind.WARDS_CSV, Report.Kind.WARDS_GEOJSON]


def test_the_open_data_page_lists_the_profiles_with_their_caveats(client):
    ward_open_data_publish()
    page = client.get(reverse("reports:open-data")).content.decode()
    assert "Birmingham ward profiles: Census 2021, Ward profiles, Census 2021 (CSV)" in page
    assert "Ward profile summaries, Census 2021 and IMD 2019 (CSV)" in page
    assert "Neither is an official ward figure." in page
    assert "English Indices of Deprivation 2019, licensed under the Open Government Licence v3.0." in page
