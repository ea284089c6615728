"""The ward profiles as loaded from the shipped files: what they must show, and the loader's
refusals. The test session loaded them once (root conftest); these tests read those rows, and
load again from copies of the files, edited, to see what the loader does with bad ones."""

import csv
import shutil
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from wards.models import CensusFigure, DeprivationSummary, SmallArea, Ward, WardProfile
from wards.models.profiles import ProfileTable
from wards.services import ProfileImportError, ward_profiles_import
from wards.services.geography import DATA_DIR
from wards.services.profiles import FILES

pytestmark = pytest.mark.django_db

SIX_WHOLLY_IN_THE_MOST_DEPRIVED_10PCT = {
    "Balsall Heath West", "Bordesley Green", "Heartlands", "Lozells", "Newtown", "Shard End",
}


def test_each_table_has_the_69_wards_and_each_wards_categories_add_up_to_its_total():
    for table in ProfileTable:
        figures = CensusFigure.objects.filter(table=table)
        assert figures.values("ward").distinct().count() == 69, table
        sums = defaultdict(int)
        totals = {}
        for f in figures:
            sums[f.ward_id] += f.count
            totals.setdefault(f.ward_id, f.ward_total)
            assert f.ward_total == totals[f.ward_id]
            assert abs(f.percent - Decimal(f.count * 100) / f.ward_total) < Decimal("0.011")
        assert sums == totals, table
    assert WardProfile.objects.count() == DeprivationSummary.objects.count() == 69


def test_the_city_totals_are_the_sources():
    profiles = WardProfile.objects.aggregate(residents=Sum("usual_residents"), households=Sum("households"))
    assert profiles == {"residents": 1_144_941, "households": 423_441}
    by_table = dict(CensusFigure.objects.values_list("table").annotate(n=Sum("count")).order_by())
    assert by_table == {"ethnicity": 1_144_941, "tenure": 423_441, "age": 1_144_903, "disability": 1_144_902}
    assert SmallArea.objects.filter(census=2021).count() == 659
    assert SmallArea.objects.filter(census=2011).count() == 639
    # SOURCES: 264 of the city's 639 LSOAs (2011) are in England's most deprived 10%.
    assert SmallArea.objects.filter(census=2011, imd_decile=1).count() == 264


def test_by_mean_lsoa_rank_the_most_deprived_ward_is_sbhe_and_the_least_sutton_roughley():
    ranked = list(DeprivationSummary.objects.select_related("ward").order_by("mean_rank"))
    assert ranked[0].ward.name == "Sparkbrook & Balsall Heath East"
    assert ranked[0].city_rank == 1
    assert ranked[-1].ward.name == "Sutton Roughley"
    assert ranked[-1].city_rank == 69


def test_six_wards_have_every_lsoa_in_the_most_deprived_10pct_as_the_lsoa_file_says():
    loaded = {s.ward.name for s in DeprivationSummary.objects.select_related("ward")
              if s.lsoas_by_decile[0] == s.small_areas}
    assert loaded == SIX_WHOLLY_IN_THE_MOST_DEPRIVED_10PCT
    # Straight from the shipped LSOA file, not through the loader.
    deciles = defaultdict(list)
    with (DATA_DIR / "birmingham-lsoa11-imd2019.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            deciles[row["ward_name"]].append(int(row["imd_decile"]))
    assert {ward for ward, ds in deciles.items() if set(ds) == {1}} == SIX_WHOLLY_IN_THE_MOST_DEPRIVED_10PCT


def test_the_five_poor_fit_wards_are_flagged():
    poor = set(WardProfile.objects.filter(fit="poor").values_list("ward__name", flat=True))
    assert poor == {"South Yardley", "Newtown", "Garretts Green", "Bournville & Cotteridge", "Sutton Four Oaks"}
    assert Counter(WardProfile.objects.values_list("fit", flat=True)) == {"good": 51, "fair": 13, "poor": 5}


def test_a_second_load_changes_nothing():
    report = ward_profiles_import(commit=True)
    assert not report.changed
    assert report.counts[("census figures", "unchanged")] == 1449
    assert report.counts[("small areas", "unchanged")] == 1298


def test_a_dry_run_writes_nothing_and_says_what_it_would_do():
    ward = Ward.objects.current().get(gss_code="E05011165")  # Shard End
    WardProfile.objects.filter(ward=ward).delete()
    report = ward_profiles_import(commit=False)
    assert report.counts[("ward profiles", "created")] == 1
    assert not WardProfile.objects.filter(ward=ward).exists()
    ward_profiles_import(commit=True)
    assert WardProfile.objects.get(ward=ward).usual_residents == 10_822


# --- Refusals: a copy of the files with one thing wrong -------------------------------------

@pytest.fixture
def files(tmp_path):
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def edit(directory, name, line, **changes):
    """Change cells of one line (2 is the first row under the header) of a copied file."""
    path = directory / name
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for column, value in changes.items():
        rows[line - 1][header.index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def snapshot():
    return (
        list(WardProfile.objects.order_by("ward_id").values_list("ward_id", "fit", "usual_residents")),
        list(CensusFigure.objects.order_by("pk").values_list("pk", "count", "percent")),
        list(DeprivationSummary.objects.order_by("ward_id").values_list("ward_id", "city_rank", "lsoas_by_decile")),
        SmallArea.objects.count(),
    )


AGE = "birmingham-wards-census2021-age.csv"
TENURE = "birmingham-wards-census2021-tenure.csv"
PROFILE = "birmingham-wards-census2021-profile.csv"
IMD = "birmingham-wards-imd2019.csv"
LSOA11 = "birmingham-lsoa11-imd2019.csv"
LSOA21 = "birmingham-lsoa21-ward-lookup.csv"


@pytest.mark.parametrize("name, line, changes, problem", [
    (AGE, 5, {"count": "lots"}, f"{AGE} line 5 (E05011118): count, ward_total and percent must be numbers"),
    (AGE, 3, {"ward_code": "E05099999"}, f"{AGE} line 3 (E05099999): no ward has this code"),
    (AGE, 4, {"age_band": "26-34"}, f"{AGE} line 4 (E05011118): age_band '26-34' is not one of"),
    (AGE, 2, {"count": "6103", "percent": "23.33"}, "the categories add up to 26156, not to the ward total 26155"),
    (AGE, 2, {"percent": "33.33"}, f"{AGE} line 2 (E05011118): the percent 33.33 is not 6102 of 26155"),
    (TENURE, 2, {"unit": "usual residents"}, "this table counts households"),
    (PROFILE, 2, {"lsoa_fit_flag": "great"}, f"{PROFILE} line 2 (E05011118): lsoa_fit_flag 'great' is not one of"),
    (PROFILE, 2, {"households": "9764"}, "households 9764 is not the tenure table's total 9763"),
    (PROFILE, 2, {"pct_eth_white": "52.06"}, "pct_eth_white 52.06 is not the ethnicity table's 51.06"),
    (PROFILE, 2, {"n_lsoa21": "16"}, "E05011118 Acocks Green has n_lsoa21 16, but the lookup gives it 15 LSOAs"),
    (IMD, 2, {"mean_imd_rank": "6203"}, f"{IMD} line 2 (E05011118): mean_rank is 6203, its LSOAs give 5203"),
    (IMD, 2, {"lsoas_decile_1": "6", "lsoas_decile_2": "4"}, "lsoas_by_decile is [6, 4, 4, 0, 1, 0, 0, 0, 0, 0]"),
    (IMD, 2, {"city_rank_by_mean_imd_rank": "31"}, "city_rank_by_mean_imd_rank does not rank the wards 1 to 69"),
    (LSOA11, 2, {"imd_rank": "40000"}, f"{LSOA11} line 2 (E01008889): ranks run from 1 to 32,844"),
    (LSOA21, 3, {"lsoa21_code": "E01008889"}, f"{LSOA21} line 3 (E01008889): the LSOA appears twice."),
    (LSOA21, 3, {"ward_code": "E05011119"}, "E05011118 Acocks Green has n_lsoa21 15, but the lookup gives it 14 LSOAs"),
])
def test_a_bad_row_refuses_every_file_and_is_named(files, name, line, changes, problem):
    # A good change in another file, which must not land either.
    edit(files, PROFILE, 3, lsoa_fit_flag="fair") if name != PROFILE else edit(files, AGE, 8, ons_category="Age 0-15")
    edit(files, name, line, **changes)
    before = snapshot()
    with pytest.raises(ProfileImportError) as refused:
        ward_profiles_import(directory=files, commit=True)
    assert any(problem in p for p in refused.value.problems), refused.value.problems
    assert snapshot() == before


def test_each_problem_is_named_once(files):
    edit(files, AGE, 5, count="lots")
    edit(files, LSOA11, 2, imd_rank="0")
    with pytest.raises(ProfileImportError) as refused:
        ward_profiles_import(directory=files, commit=True)
    assert refused.value.problems == [
        f"{AGE} line 5 (E05011118): count, ward_total and percent must be numbers "
        "('lots' is not a whole number).",
        f"{LSOA11} line 2 (E01008889): ranks run from 1 to 32,844 and deciles from 1 to 10 "
        "(0 is not between 1 and 32,844).",
    ]


def test_a_ward_missing_from_a_table_is_named(files):
    path = files / AGE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("E05011165,")), encoding="utf-8")
    with pytest.raises(ProfileImportError) as refused:
        ward_profiles_import(directory=files, commit=True)
    assert f"{AGE}: E05011165 Shard End has no row for 0-15, 16-24, 25-34, 35-49, 50-64, 65+." in refused.value.problems


def test_a_missing_file_or_column_is_named(files):
    (files / IMD).unlink()
    edit(files, TENURE, 1, unit="units")
    with pytest.raises(ProfileImportError) as refused:
        ward_profiles_import(directory=files, commit=True)
    assert f"{IMD}: the file is missing from {files}." in refused.value.problems
    assert f"{TENURE}: no column unit." in refused.value.problems


def test_a_corrected_file_updates_the_figures_it_changes(files):
    # ONS revises a table: the loader updates the rows that changed and nothing else.
    edit(files, PROFILE, 2, ons_mid2024_population="25121")
    report = ward_profiles_import(directory=files, commit=True)
    assert report.counts[("ward profiles", "updated")] == 1
    assert report.counts[("ward profiles", "unchanged")] == 68
    assert WardProfile.objects.get(ward__gss_code="E05011118").mid_2024_estimate == 25_121


def test_the_command_is_a_dry_run_unless_committed_and_lists_the_problems(files, capsys):
    call_command("load_ward_profiles")
    out = capsys.readouterr().out
    assert "census figures: created 0, updated 0, unchanged 1449, deleted 0" in out
    assert "Dry run: nothing was written. Add --commit to load." in out
    edit(files, AGE, 5, count="lots")
    with pytest.raises(CommandError) as refused:
        call_command("load_ward_profiles", "--commit", "--directory", str(files))
    assert str(refused.value).startswith("Nothing was loaded:\n  ")
    assert f"{AGE} line 5 (E05011118)" in str(refused.value)
