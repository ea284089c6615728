"""The libraries in the asset register: each open library of the shipped file an asset, in the
ward the libraries file gives, its UPRN only where the file has one; a dry run that writes
nothing, a second load that changes nothing, and a bad file that loads nothing."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.models import Asset, Tenure
from assets.services.libraries import (
    LIBRARIES_CSV,
    LIBRARY_WARDS_CSV,
    NO_WARD,
    library_asset_code,
    library_assets_load,
)

pytestmark = pytest.mark.django_db


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def load(*args) -> str:
    out = StringIO()
    call_command("load_library_assets", *args, stdout=out)
    return out.getvalue()


def open_libraries() -> list[dict]:
    return [r for r in rows(LIBRARIES_CSV) if not r["Year closed"].strip()]


def test_every_open_library_is_an_asset_in_the_ward_the_libraries_file_gives():
    load("--commit")
    wards = {(" ".join(r["library_name"].split()), r["postcode"].replace(" ", "")): r["ward_code"]
             for r in rows(LIBRARY_WARDS_CSV)}
    libraries = open_libraries()
    assets = {a.asset_code: a for a in Asset.objects.select_related("ward").filter(asset_code__startswith="LIB-")}
    assert len(assets) == len(libraries) == 37
    for row in libraries:
        name = " ".join(row["Library name"].split())
        asset = assets[library_asset_code(name)]
        assert asset.name == name
        assert asset.postcode.replace(" ", "") == row["Postcode"].replace(" ", "")
        assert asset.ward.gss_code == wards[(name, row["Postcode"].replace(" ", ""))], name


def test_a_library_asset_has_the_address_of_the_file_and_no_invented_uprn_or_tenure():
    load("--commit")
    shard_end = Asset.objects.get(asset_code="LIB-shard-end-library")
    assert (shard_end.street, shard_end.postcode) == ("The Shard, All Saints Square", "B34 7AQ")
    assert shard_end.ward.name == "Shard End"
    assert shard_end.uprn == ""
    assert shard_end.tenure == Tenure.OTHER and "Not given" in shard_end.tenure_detail
    # The one UPRN of the file is Birmingham Central's, closed in 2013: it is not in the register.
    assert not Asset.objects.exclude(uprn="").exists()
    assert not Asset.objects.filter(name="Birmingham Central").exists()


def test_a_dry_run_writes_nothing_and_a_second_load_changes_nothing():
    out = load()
    assert "created 37" in out and "Dry run" in out
    assert not Asset.objects.exists()
    load("--commit")
    history = Asset.history.count()
    out = load("--commit")
    assert "created 0, updated 0, unchanged 37" in out and "Already up to date" in out
    assert Asset.history.count() == history


def test_a_second_load_keeps_what_an_asset_officer_recorded():
    load("--commit")
    Asset.objects.filter(asset_code="LIB-shard-end-library").update(tenure=Tenure.FREEHOLD, running_costs=41000)
    load("--commit")
    asset = Asset.objects.get(asset_code="LIB-shard-end-library")
    assert (asset.tenure, asset.running_costs) == (Tenure.FREEHOLD, 41000)


def test_a_library_outside_birmingham_rejects_the_whole_file_and_names_its_row(tmp_path):
    libraries = rows(LIBRARIES_CSV)
    libraries[0]["Postcode"] = "GL50 1PQ"  # Cheltenham
    bad = tmp_path / "libraries.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(libraries[0]))
        writer.writeheader()
        writer.writerows(libraries)
    with pytest.raises(CommandError) as refused:
        load("--commit", "--file", str(bad))
    assert f"Row 2 (Acocks Green Library): {NO_WARD.format(postcode='GL50 1PQ')}." in str(refused.value)
    assert not Asset.objects.exists()


def test_loading_needs_an_asset_officer_when_someone_asks_in_person():
    from localism.accounts.tests.factories import UserFactory
    from localism.core.errors import Refused

    with pytest.raises(Refused):
        library_assets_load(user=UserFactory(officer=True), commit=True)
    assert not Asset.objects.exists()


def test_a_register_import_does_not_list_the_library_assets_as_missing():
    # The libraries come from the public libraries file, not from the register file: importing
    # the register does not offer them for disposal.
    from assets.services.register_import import assets_import

    from .conftest import CHELTENHAM

    load("--commit")
    report = assets_import(user=None, data=CHELTENHAM.read_bytes(), commit=False)
    assert report.created == 493
    assert not [a.asset_code for a in report.missing if a.asset_code.startswith("LIB-")]
