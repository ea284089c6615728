"""The edges of developer contributions found by trying to break them: a year given in another
spelling opens no second account of neighbourhood CIL; a year no one keeps is the current one (or
a 404), never a 500; cells beyond what the register keeps are named rows of an import; money
returned never leaves an allocation without its money; a CIL refund takes its share back; and
an agreement or contribution with money recorded keeps its ward, kind and purpose."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assets.models import FundingStatus, NeighbourhoodCilAllocation, NeighbourhoodCilWard
from assets.services import contributions as services
from assets.services import neighbourhood_cil as ncil
from assets.services.contributions_import import ContributionImportError, contributions_import
from assets.tests.contributions_factories import (
    AgreementFactory,
    ContributionFactory,
    TransactionFactory,
    cil_agreement,
    planning_obligations_officer,
    ward,
)
from assets.tests.test_contributions_import import files
from localism.core.errors import Invalid
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)
SLUG = "sparkbrook-and-balsall-heath-east"


def test_a_year_spelt_otherwise_opens_no_second_account(client):
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    TransactionFactory(contribution=cil_agreement(), amount=Decimal("100000"), start_date=datetime.date(2025, 5, 1))
    councillor = CouncillorSeatFactory(ward=ward()).councillor
    priority = PriorityFactory(plan__wards=[ward()])
    client.force_login(councillor)
    url = reverse("contributions:allocate-ncil", args=[SLUG])
    for period in ("2025-26", "2025-98", "2025-99"):  # the same year's receipts, read by its first year
        client.post(f"{url}?period={period}", {"priority": priority.pk, "amount": "15000", "description": "Park"})
    assert NeighbourhoodCilAllocation.objects.count() <= 1
    assert sum(a.amount for a in NeighbourhoodCilAllocation.objects.all()) <= Decimal("15000")
    with pytest.raises(Invalid) as refused:
        ncil.neighbourhood_cil_allocate(user=councillor, ward=ward(), period="2025/98", priority=priority,
                                        amount=Decimal("1"), description="Park", on=DAY)
    assert "period" in refused.value.message_dict


@pytest.mark.parametrize("url", [
    reverse("contributions:index") + "?period=0000-01",
    reverse("contributions:index") + "?period=9999-00",
    reverse("contributions:ward", args=[SLUG]) + "?period=0000-01",
])
def test_a_year_no_one_keeps_shows_the_current_one(client, url):
    answer = client.get(url)
    assert answer.status_code == 200 and ncil.current_period() in answer.content.decode()


@pytest.mark.parametrize("period", ["0000-01", "9999-00", "2025-98"])
def test_a_funding_statement_of_a_year_no_one_keeps_is_not_found(client, period):
    assert client.get(reverse("contributions:statement", args=[period])).status_code == 404


@pytest.mark.parametrize(("replace", "problem"), [
    ({"transactions": [(",received,120000.00", ",received,1e30")]}, "amount '1e30' is more than the register keeps"),
    ({"transactions": [(",received,120000.00", ",received,999999999999")]}, "is more than the register keeps"),
])
def test_cells_beyond_what_the_register_keeps_are_named(replace, problem):
    with pytest.raises(ContributionImportError) as refused:
        contributions_import(commit=True, **files(**replace))
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_units_must_be_plain_digits_and_an_endless_field_is_a_named_problem():
    with pytest.raises(ContributionImportError) as refused:
        contributions_import(commit=True, **files(transactions=[(",received,120000.00,", ",received,,²")]))
    assert any("units '²' is not a whole number" in p for p in refused.value.problems), refused.value.problems
    endless = files()
    name, data = endless["transactions"]
    endless["transactions"] = (name, data + b'X,"' + b"a" * 200_000 + b'"\n')
    with pytest.raises(ContributionImportError) as refused:
        contributions_import(commit=True, **endless)
    assert any("cannot be read as CSV" in p for p in refused.value.problems), refused.value.problems


def test_money_returned_never_leaves_an_allocation_without_its_money():
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    priority = PriorityFactory(plan__wards=[ward()])

    def record(status, amount, **kw):
        return services.transaction_record(user=officer, contribution=contribution, status=status,
                                           amount=Decimal(amount), start_date=DAY, today=DAY, **kw)

    record(FundingStatus.RECEIVED, "1000")
    record(FundingStatus.ALLOCATED, "600", priority=priority)
    with pytest.raises(Invalid) as refused:
        record(FundingStatus.RETURNED, "401")
    assert "£400.00 can be returned" in refused.value.message_dict["amount"][0]
    record(FundingStatus.RETURNED, "400")
    money = services.balances(contribution)
    assert (money.unallocated, money.returnable) == (Decimal(0), Decimal(0))


def test_a_cil_refund_takes_its_share_of_the_neighbourhood_portion_back():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    levy = cil_agreement()
    TransactionFactory(contribution=levy, amount=Decimal("100000"), start_date=datetime.date(2026, 5, 1))
    TransactionFactory(contribution=levy, amount=Decimal("40000"), status=FundingStatus.RETURNED,
                       start_date=datetime.date(2026, 8, 1))
    # (100,000 - 40,000) x 15% = 9,000
    assert ncil.portion(ward(), "2026/27").received == Decimal("9000.00")


def test_an_agreement_with_money_keeps_its_kind_and_ward_and_a_contribution_its_purpose():
    officer = planning_obligations_officer()
    agreement = AgreementFactory(postcode="B12 9DP")
    contribution = ContributionFactory(agreement=agreement)
    services.agreement_update(user=officer, agreement=agreement, name="Land at Ladypool Road")  # no money yet
    agreement.refresh_from_db()
    placed = agreement.ward.name  # the postcode's ward, placed afresh
    TransactionFactory(contribution=contribution, amount=Decimal("500"))
    with pytest.raises(Invalid) as refused:
        services.agreement_update(user=officer, agreement=agreement, agreement_type="community-infrastructure-levy")
    assert "cannot change" in refused.value.message_dict["agreement_type"][0]
    with pytest.raises(Invalid) as moved:
        services.agreement_update(user=officer, agreement=agreement, postcode="B34 7AQ")  # Shard End
    assert "ward cannot change" in moved.value.message_dict["point"][0]
    with pytest.raises(Invalid):
        services.contribution_update(user=officer, contribution=contribution, purpose="education")
    services.contribution_update(user=officer, contribution=contribution, notes="Corrected")
    agreement.refresh_from_db()
    contribution.refresh_from_db()
    assert (agreement.agreement_type, agreement.ward.name, contribution.purpose, contribution.notes) == (
        "section-106", placed, "open-space-and-leisure", "Corrected")
