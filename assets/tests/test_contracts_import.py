"""Importing contracts from an OCDS release package (as Contracts Finder publishes it) and
exporting them back: the same releases come back; a bad release refuses the whole file and is
named by its index and ocid; a second import of an ocid updates that contract, never a second."""

import copy
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assets.models import Contract
from assets.services import contracts_ocds as ocds
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused

from .contracts_factories import commissioning_officer

pytestmark = pytest.mark.django_db
FILE = Path(__file__).resolve().parent / "data" / "ocds_contracts.json"


@pytest.fixture
def package() -> dict:
    return json.loads(FILE.read_text())


def _bytes(package) -> bytes:
    return json.dumps(package).encode()


def _exported() -> dict:
    contracts = Contract.objects.select_related("buyer").prefetch_related("wards", "suppliers").order_by("ocid")
    return ocds.package_of(contracts, uri="https://example.test/", published=datetime.datetime(2026, 6, 1, 9))


def test_a_package_imports_and_exports_back_equal(package):
    officer = commissioning_officer()
    assert ocds.contracts_import(user=officer, data=FILE.read_bytes(), commit=True) == {"created": 3, "updated": 0}
    youth = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0002")
    assert (youth.value, youth.decision_due, youth.status) == (Decimal("1450250.50"), datetime.date(2027, 2, 28),
                                                               Contract.Status.IN_RENEWAL)
    assert [s.name for s in youth.suppliers.all()] == ["Balsall Heath Youth Partnership CIC", "Sparkbrook Youth Trust"]
    assert Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0003").city_wide
    exported = json.loads(json.dumps(_exported()))
    # The package's own address and time are the publication's; everything else comes back as it was.
    for key in ("uri", "publishedDate"):
        exported.pop(key), package.pop(key)
    assert exported == package


def test_a_dry_run_checks_and_keeps_nothing():
    assert ocds.contracts_import(user=commissioning_officer(), data=FILE.read_bytes(), commit=False) == {
        "created": 3, "updated": 0}
    assert not Contract.objects.exists()


def _break(package, index, change):
    broken = copy.deepcopy(package)
    change(broken["releases"][index])
    return broken


def test_bad_releases_refuse_the_whole_file_and_are_named(package):
    def no_ocid(r):
        del r["ocid"]

    def bad_date(r):
        r["contracts"][0]["period"]["startDate"] = "2023-02-30T00:00:00Z"

    def unknown_ward(r):
        r["contracts"][0]["items"][0]["deliveryLocation"]["gazetteer"]["identifiers"] = ["E05099999"]

    broken = copy.deepcopy(package)
    no_ocid(broken["releases"][0])
    bad_date(broken["releases"][1])
    unknown_ward(broken["releases"][2])
    with pytest.raises(Invalid) as error:
        ocds.contracts_import(user=commissioning_officer(), data=_bytes(broken), commit=True)
    assert error.value.message_dict["file"] == [
        "Release 1 (no ocid): ocid is missing",
        "Release 2 (ocid ocds-b5fd17-0a1b2c3d-0002): contracts[0].period.startDate (2023-02-30T00:00:00Z) is not "
        "a date like 2025-04-01T00:00:00Z",
        "Release 3 (ocid ocds-b5fd17-0a1b2c3d-0003): unknown ward code E05099999 (not a current Birmingham ward)",
    ]
    assert not Contract.objects.exists()


def test_an_end_before_the_start_is_named(package):
    broken = _break(package, 1, lambda r: r["contracts"][0]["period"].update(endDate="2021-01-01T00:00:00Z"))
    with pytest.raises(Invalid) as error:
        ocds.contracts_import(user=commissioning_officer(), data=_bytes(broken), commit=True)
    assert error.value.message_dict["file"] == [
        "Release 2 (ocid ocds-b5fd17-0a1b2c3d-0002): contracts[0].period.endDate is before its startDate"]
    assert not Contract.objects.exists()


@pytest.mark.parametrize("data", [b"not json", b"{}", b'{"version": "1.0", "releases": []}', b"[1, 2]"])
def test_what_is_not_a_release_package_is_refused(data):
    with pytest.raises(Invalid) as error:
        ocds.contracts_import(user=commissioning_officer(), data=data, commit=True)
    assert list(error.value.message_dict) == ["file"]


def test_a_second_import_of_an_ocid_updates_the_contract(package):
    officer = commissioning_officer()
    ocds.contracts_import(user=officer, data=FILE.read_bytes(), commit=True)
    package["releases"][0]["contracts"][0]["title"] = "Street cleansing and bins, south central"
    assert ocds.contracts_import(user=officer, data=_bytes(package), commit=True) == {"created": 0, "updated": 3}
    assert Contract.objects.count() == 3
    street = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0001")
    assert street.title == "Street cleansing and bins, south central"
    assert street.history.count() == 2


def test_only_commissioning_officers_import():
    with pytest.raises(Refused):
        ocds.contracts_import(user=UserFactory(officer=True), data=FILE.read_bytes(), commit=True)


def test_the_command_checks_then_loads():
    out = StringIO()
    call_command("import_contracts", str(FILE), stdout=out)
    assert "Contracts to add: 3" in out.getvalue() and "Dry run" in out.getvalue()
    assert not Contract.objects.exists()
    call_command("import_contracts", str(FILE), "--commit", stdout=StringIO())
    assert Contract.objects.count() == 3


def test_the_command_names_the_bad_release(tmp_path, package):
    broken = _break(package, 0, lambda r: r.pop("ocid"))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(CommandError, match=r"Release 1 \(no ocid\): ocid is missing"):
        call_command("import_contracts", str(path), "--commit")
    assert not Contract.objects.exists()
