"""The developer-contributions CSVs: imported whole or not at all, a bad row named with its file
and line, and an export that imports into an empty database and exports again the same."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assets.models import ContributionTransaction, DeveloperAgreement, DeveloperContribution
from assets.services.contributions_format import export_all
from assets.services.contributions_import import ContributionImportError, contributions_import
from assets.tests.conftest import DATA

pytestmark = pytest.mark.django_db
GOOD = DATA / "contributions_good"
NAMES = ("developer-agreement", "developer-agreement-contribution", "developer-agreement-transaction")


def files(**replace) -> dict:
    found = {}
    for key, name in zip(("agreements", "contributions", "transactions"), NAMES, strict=True):
        data = (GOOD / f"{name}.csv").read_bytes()
        for old, new in replace.get(key, []):
            data = data.replace(old.encode(), new.encode())
        found[key] = (f"{name}.csv", data)
    return found


def test_the_good_set_loads_and_places_each_site_in_its_ward():
    report = contributions_import(commit=True, **files())
    assert report.created == {"agreements": 2, "contributions": 3, "transactions": 4}
    assert {a.reference: a.ward.name for a in DeveloperAgreement.objects.all()} == {
        "S106-2024-001": "Sparkbrook & Balsall Heath East", "CIL-2025-007": "Sparkbrook & Balsall Heath East"}
    again = contributions_import(commit=True, **files())
    assert (again.changed, again.unchanged) == (False, 9)


def test_without_commit_nothing_is_written():
    contributions_import(commit=False, **files())
    assert not DeveloperAgreement.objects.exists()


@pytest.mark.parametrize(("replace", "problem"), [
    ({"contributions": [("CIL-2025-007-L,CIL-2025-007,", "CIL-2025-007-L,CIL-9999,")]},
     "developer-agreement-contribution.csv line 4 (CIL-2025-007-L): unknown developer-agreement 'CIL-9999'"),
    ({"transactions": [(",received,120000.00", ",paid,120000.00")]},
     "developer-agreement-transaction.csv line 5 (CIL-2025-007-L-1): unknown contribution-funding-status 'paid'"),
    ({"transactions": [(",spent,20000.00", ",spent,-20000.00")]},
     "developer-agreement-transaction.csv line 3 (S106-2024-001-OS-2): amount '-20000.00' cannot be negative"),
    ({"contributions": [("2029-05-01", "1 May 2029")]},
     "developer-agreement-contribution.csv line 2 (S106-2024-001-OS): spend-by-date '1 May 2029' is not a date"),
    ({"agreements": [("B10 0AA", "B99 9ZZ")]},
     "developer-agreement.csv line 2 (S106-2024-001): unknown postcode 'B99 9ZZ'"),
    ({"transactions": [(",spent,20000.00", ",spent,90000.00")]},
     "developer-agreement-transaction.csv line 3 (S106-2024-001-OS-2): amount: This would spend more than"),
])
def test_a_bad_row_rejects_the_set_and_is_named(replace, problem):
    with pytest.raises(ContributionImportError) as refused:
        contributions_import(commit=True, **files(**replace))
    assert any(p.startswith(problem) for p in refused.value.problems), refused.value.problems
    assert not DeveloperAgreement.objects.exists()
    assert not ContributionTransaction.objects.exists()


def test_the_export_round_trips_through_an_empty_database():
    contributions_import(commit=True, **files())
    first = export_all()
    ContributionTransaction.objects.all().delete()
    DeveloperContribution.objects.all().delete()
    DeveloperAgreement.objects.all().delete()
    contributions_import(commit=True, **{key: (f"{name}.csv", first[name].encode())
                                         for key, name in zip(("agreements", "contributions", "transactions"),
                                                              NAMES, strict=True)})
    assert export_all() == first
    assert first["developer-agreement"].splitlines()[0] == (
        "reference,name,developer-agreement-type,planning-application,document-url,notes,organisation,entry-date,"
        "start-date,end-date,point,postcode")


def test_the_command_checks_unless_told_to_commit(tmp_path):
    args = [f"--{key}={GOOD / f'{name}.csv'}" for key, name in
            zip(("agreements", "contributions", "transactions"), NAMES, strict=True)]
    call_command("import_developer_contributions", *args)
    assert not DeveloperAgreement.objects.exists()
    bad = tmp_path / "t.csv"
    bad.write_text((GOOD / f"{NAMES[2]}.csv").read_text().replace("received,85000", "received,x"))
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("import_developer_contributions", *args[:2], f"--transactions={bad}", "--commit")
    assert not DeveloperAgreement.objects.exists()
    call_command("import_developer_contributions", *args, "--commit")
    assert DeveloperAgreement.objects.count() == 2
