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

from assets.models import Contract, Supplier, WardInput
from assets.services import contracts as services
from assets.services import contracts_ocds as ocds
from localism.accounts.models import Organisation
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused

from .contracts_factories import commissioning_officer, councillor_of

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


def _refused(data, user=None) -> list:
    with pytest.raises(Invalid) as error:
        ocds.contracts_import(user=user or commissioning_officer(), data=data, commit=True)
    return error.value.message_dict["file"]


def _contract0(r):
    return r["contracts"][0]


@pytest.mark.parametrize(("change", "problem"), [
    (lambda r: _contract0(r).update(items=7), "contracts[0].items must be a list"),
    (lambda r: r["awards"][0].update(suppliers=5), "awards[0].suppliers must be a list"),
    (lambda r: r.update(awards={"suppliers": []}), "awards must be a list"),
    (lambda r: _contract0(r)["items"][0].update(deliveryLocation=["x"]),
     "contracts[0].items[0].deliveryLocation must be an object"),
    (lambda r: _contract0(r)["items"][0]["deliveryLocation"]["gazetteer"].update(identifiers=[["E05011170"]]),
     "contracts[0].items[0].deliveryLocation.gazetteer.identifiers[0] must be text"),
    (lambda r: _contract0(r)["bcc_localism"].update(renewalDecision=["renewed"]),
     "contracts[0].bcc_localism.renewalDecision must be text"),
    (lambda r: _contract0(r)["bcc_localism"].update(status={"a": 1}), "contracts[0].bcc_localism.status must be text"),
    (lambda r: r["buyer"].update(name=["Neighbourhoods Directorate"]), "buyer.name must be text"),
    (lambda r: r.update(contracts={"0": {}}), "contracts must hold exactly one contract"),
])
def test_values_of_the_wrong_json_type_are_named(package, change, problem):
    assert _refused(_bytes(_break(package, 0, change))) == [f"Release 1 (ocid ocds-b5fd17-0a1b2c3d-0001): {problem}"]
    assert not Contract.objects.exists()


def test_json_nested_too_deeply_is_refused_as_not_json():
    data = b"[" * 200_000 + b"]" * 200_000
    assert _refused(data) == ["The file is not valid JSON (an OCDS release package): it is nested too deeply"]


def test_buyers_whose_names_make_the_same_slug_are_each_given_their_own(package):
    package["releases"][0]["buyer"]["name"] = "Place Directorate"
    package["releases"][1]["buyer"]["name"] = "Place Directorate!"
    ocds.contracts_import(user=commissioning_officer(), data=_bytes(package), commit=True)
    one = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0001").buyer
    two = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0002").buyer
    assert (one.name, two.name) == ("Place Directorate", "Place Directorate!")
    assert one.slug != two.slug and {one.kind, two.kind} == {Organisation.Kind.COUNCIL_DIRECTORATE}


def test_a_buyer_named_as_an_organisation_that_is_not_a_directorate_is_refused(package):
    Organisation.objects.create(name="Neighbourhoods Directorate", slug="nd", kind=Organisation.Kind.PRIVATE_BUSINESS)
    problems = _refused(_bytes(package))
    assert problems[0] == (
        "Release 1 (ocid ocds-b5fd17-0a1b2c3d-0001): the buyer Neighbourhoods Directorate is an organisation "
        "held as a private business, not a council directorate")
    assert not Contract.objects.exists()


def _imported_with_unanswered_input(package):
    officer = commissioning_officer()
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    contract = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0001")
    WardInput.objects.create(contract=contract, ward=contract.wards.first(), statement="More bins",
                             submitted_by=councillor_of(contract.wards.first()))
    return officer, contract


def test_a_decision_in_the_file_is_refused_while_a_wards_input_is_unanswered(package):
    officer, contract = _imported_with_unanswered_input(package)
    package["releases"][0]["contracts"][0]["bcc_localism"].update(renewalDecision="renewed",
                                                                  renewalDecidedOn="2027-09-01")
    problems = _refused(_bytes(package), officer)
    assert len(problems) == 1 and problems[0].startswith(
        "Release 1 (ocid ocds-b5fd17-0a1b2c3d-0001): The renewal cannot be recorded yet: answer the input of ")
    contract.refresh_from_db()
    assert contract.renewal_decision == "" and contract.history.count() == 1


def test_a_decision_in_the_file_sets_the_status_as_recording_it_does(package):
    officer = commissioning_officer()
    package["releases"][1]["contracts"][0]["bcc_localism"].update(renewalDecision="ended",
                                                                  renewalDecidedOn="2027-01-15")
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    youth = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0002")
    assert (youth.renewal_decision, youth.renewal_decided_on, youth.status) == (
        "ended", datetime.date(2027, 1, 15), Contract.Status.ENDED)


def test_a_release_without_a_decision_leaves_a_recorded_one(package):
    officer = commissioning_officer()
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    street = Contract.objects.get(ocid="ocds-b5fd17-0a1b2c3d-0001")
    services.renewal_record(user=officer, contract=street, decision="extended", decided_on=datetime.date(2027, 9, 1))
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    street.refresh_from_db()
    assert (street.renewal_decision, street.renewal_decided_on) == ("extended", datetime.date(2027, 9, 1))
    package["releases"][0]["contracts"][0]["bcc_localism"].update(renewalDecision="ended",
                                                                  renewalDecidedOn="2027-10-01")
    problems = _refused(_bytes(package), officer)  # a file does not change a recorded decision either
    assert problems == ["Release 1 (ocid ocds-b5fd17-0a1b2c3d-0001): The renewal decision for this contract is "
                        "already recorded."]
    street.refresh_from_db()
    assert street.renewal_decision == "extended"


def test_suppliers_the_import_makes_or_renames_have_history(package):
    officer = commissioning_officer()
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    supplier = Supplier.objects.get(identifier="GB-COH-01234567")
    assert [(h.history_type, h.history_user) for h in supplier.history.all()] == [("+", officer)]
    package["releases"][0]["awards"][0]["suppliers"][0]["name"] = "Clean Streets Birmingham Limited"
    ocds.contracts_import(user=officer, data=_bytes(package), commit=True)
    supplier.refresh_from_db()
    assert supplier.name == "Clean Streets Birmingham Limited"
    assert [h.history_type for h in supplier.history.all()] == ["~", "+"]


def test_the_command_makes_suppliers_with_history():
    call_command("import_contracts", str(FILE), "--commit", stdout=StringIO())
    assert all(s.history.filter(history_type="+").exists() for s in Supplier.objects.all())


def test_the_import_page_names_a_release_of_the_wrong_shape_rather_than_failing(client, package):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(commissioning_officer())
    broken = _break(package, 1, lambda r: r["awards"][0].update(suppliers=5))
    response = client.post(reverse("contracts:import"), {
        "file": SimpleUploadedFile("contracts.json", _bytes(broken), "application/json"), "commit": "yes"})
    assert response.status_code == 400  # the form shown again with its errors, as every form page
    assert "Release 2 (ocid ocds-b5fd17-0a1b2c3d-0002): awards[0].suppliers must be a list" in response.content.decode()
    assert not Contract.objects.exists()
