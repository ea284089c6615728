"""The rules that hold developer contributions' money straight, the Section 106 spend-by
bands, and the neighbourhood portion of CIL against figures worked by hand."""

import datetime
from decimal import Decimal

import pytest

from assets.models import FundingStatus, NeighbourhoodCilAllocation, NeighbourhoodCilWard, SpendByRisk
from assets.services import contributions as services
from assets.services import neighbourhood_cil as ncil
from assets.tests.contributions_factories import (
    ContributionFactory,
    TransactionFactory,
    cil_agreement,
    planning_obligations_officer,
    ward,
)
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def record(user, contribution, status, amount):
    return services.transaction_record(user=user, contribution=contribution, status=status, amount=Decimal(amount),
                                       start_date=DAY, today=DAY)


def test_spent_never_exceeds_received():
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    record(officer, contribution, FundingStatus.RECEIVED, "5000")
    record(officer, contribution, FundingStatus.SPENT, "3000")
    with pytest.raises(Invalid) as refused:
        record(officer, contribution, FundingStatus.SPENT, "2000.01")
    assert refused.value.message_dict == {"amount": [services.OVERSPEND.format(
        reference=contribution.reference, available=Decimal("2000"))]}
    record(officer, contribution, FundingStatus.SPENT, "2000")
    assert services.balances(contribution).unspent == 0


def test_allocations_never_exceed_what_is_received_and_unallocated():
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    priority = PriorityFactory()
    record(officer, contribution, FundingStatus.RECEIVED, "4000")
    services.s106_allocate(user=officer, contribution=contribution, amount=Decimal("2500"), on=DAY,
                           priority=priority, today=DAY)
    with pytest.raises(Invalid) as refused:
        services.s106_allocate(user=officer, contribution=contribution, amount=Decimal("1500.01"), on=DAY,
                               priority=priority, today=DAY)
    assert "£1,500.00 is left to allocate" in refused.value.message_dict["amount"][0]
    assert services.balances(contribution).allocated == Decimal("2500")


def test_an_allocation_names_a_priority_of_the_sites_ward():
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    record(officer, contribution, FundingStatus.RECEIVED, "4000")
    elsewhere = PriorityFactory(plan__wards=[ward("E05011118")])
    with pytest.raises(Invalid) as refused:
        services.s106_allocate(user=officer, contribution=contribution, amount=Decimal("10"), on=DAY,
                               priority=elsewhere, today=DAY)
    assert "priority" in refused.value.message_dict
    with pytest.raises(Invalid) as missing:
        services.s106_allocate(user=officer, contribution=contribution, amount=Decimal("10"), on=DAY, today=DAY)
    assert missing.value.message_dict == {"priority": [services.ALLOCATION_TARGET]}


def test_money_returned_is_recorded_and_never_more_than_received_and_unspent():
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    record(officer, contribution, FundingStatus.RECEIVED, "1000")
    record(officer, contribution, FundingStatus.SPENT, "600")
    with pytest.raises(Invalid):
        record(officer, contribution, FundingStatus.RETURNED, "400.01")
    record(officer, contribution, FundingStatus.RETURNED, "400")
    money = services.balances(contribution)
    assert (money.received, money.spent, money.returned, money.unspent) == (
        Decimal("1000"), Decimal("600"), Decimal("400"), Decimal("0"))


def test_only_planning_obligations_officers_and_admins_record():
    contribution = ContributionFactory()
    for user in (UserFactory(officer=True), UserFactory(councillor=True), UserFactory(partner=True), UserFactory()):
        with pytest.raises(Refused):
            record(user, contribution, FundingStatus.RECEIVED, "1")
    record(UserFactory(admin=True), contribution, FundingStatus.RECEIVED, "1")


TODAY = datetime.date(2026, 3, 15)


@pytest.mark.parametrize(("spend_by", "band"), [
    (datetime.date(2026, 3, 14), SpendByRisk.PAST),
    (datetime.date(2026, 3, 15), SpendByRisk.WITHIN_6_MONTHS),
    (datetime.date(2026, 9, 15), SpendByRisk.WITHIN_6_MONTHS),
    (datetime.date(2026, 9, 16), SpendByRisk.WITHIN_12_MONTHS),
    (datetime.date(2027, 3, 15), SpendByRisk.WITHIN_12_MONTHS),
    (datetime.date(2027, 3, 16), SpendByRisk.NONE),
    (None, SpendByRisk.NONE),
])
def test_spend_by_bands_at_their_boundaries(spend_by, band):
    assert services.spend_by_band(spend_by, TODAY) == band


def test_the_nightly_job_stores_the_band_of_money_held_unspent():
    at_risk = ContributionFactory(spend_by_date=datetime.date(2026, 9, 1))
    TransactionFactory(contribution=at_risk, amount=Decimal("500"))
    spent = ContributionFactory(spend_by_date=datetime.date(2026, 4, 1))
    TransactionFactory(contribution=spent, amount=Decimal("500"))
    TransactionFactory(contribution=spent, status=FundingStatus.SPENT, amount=Decimal("500"))
    nothing_received = ContributionFactory(spend_by_date=datetime.date(2026, 1, 1))
    from assets.tasks.contributions import mark_spend_by_risk

    bands = mark_spend_by_risk(today=TODAY.isoformat())
    assert bands == {"12-months": [], "6-months": [at_risk.reference], "past": []}
    at_risk.refresh_from_db(), spent.refresh_from_db(), nothing_received.refresh_from_db()
    assert (at_risk.spend_by_risk, spent.spend_by_risk, nothing_received.spend_by_risk) == (
        SpendByRisk.WITHIN_6_MONTHS, SpendByRisk.NONE, SpendByRisk.NONE)


def receive_cil(amount, day, gss_code="E05011170"):
    TransactionFactory(contribution=cil_agreement(gss_code), amount=Decimal(amount), start_date=day)


def test_the_neighbourhood_portion_is_15_percent_of_cil_received():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    receive_cil("120000.00", datetime.date(2026, 5, 1))
    receive_cil("30000.00", datetime.date(2027, 3, 31))
    receive_cil("99999.00", datetime.date(2027, 4, 1))  # the next year
    receive_cil("50000.00", datetime.date(2026, 5, 1), gss_code="E05011118")  # another ward
    # (120,000 + 30,000) x 15% = 22,500; the cap, 10,000 x £100 = £1,000,000, does not bind.
    assert ncil.portion(ward(), "2026/27").received == Decimal("22500.00")


def test_the_cap_of_100_pounds_per_council_tax_dwelling_binds():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=50)
    receive_cil("200000.00", datetime.date(2026, 5, 1))
    # 15% of 200,000 = 30,000, capped at 50 x £100 = £5,000.
    found = ncil.portion(ward(), "2026/27")
    assert (found.received, found.capped) == (Decimal("5000.00"), True)


def test_the_portion_is_25_percent_uncapped_once_a_neighbourhood_plan_is_made():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=50,
                                        neighbourhood_plan_made_on=datetime.date(2026, 7, 1))
    receive_cil("20000.00", datetime.date(2026, 6, 30))  # before the plan: 15% = 3,000, under the 5,000 cap
    receive_cil("200000.00", datetime.date(2026, 7, 1))  # from the plan: 25% = 50,000, uncapped
    assert ncil.portion(ward(), "2026/27").received == Decimal("53000.00")


def test_councillors_of_the_ward_allocate_never_more_than_available():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    receive_cil("10000.00", datetime.date(2026, 5, 1))  # 15%: £1,500
    councillor = CouncillorSeatFactory(ward=ward()).councillor
    priority = PriorityFactory()
    ncil.neighbourhood_cil_allocate(user=councillor, ward=ward(), period="2026/27", priority=priority,
                                    amount=Decimal("1000"), description="Play area", on=DAY)
    with pytest.raises(Invalid) as refused:
        ncil.neighbourhood_cil_allocate(user=councillor, ward=ward(), period="2026/27", priority=priority,
                                        amount=Decimal("500.01"), description="Benches", on=DAY)
    assert refused.value.message_dict == {"amount": [ncil.OVER_ALLOCATION.format(
        ward=ward().name, period="2026/27", available=Decimal("500.00"))]}
    other = CouncillorSeatFactory(ward=ward("E05011118")).councillor
    with pytest.raises(Refused):
        ncil.neighbourhood_cil_allocate(user=other, ward=ward(), period="2026/27", priority=priority,
                                        amount=Decimal("1"), description="Benches", on=DAY)
    elsewhere = PriorityFactory(plan__wards=[ward("E05011118")])
    with pytest.raises(Invalid) as wrong:
        ncil.neighbourhood_cil_allocate(user=councillor, ward=ward(), period="2026/27", priority=elsewhere,
                                        amount=Decimal("1"), description="Benches", on=DAY)
    assert "priority" in wrong.value.message_dict
    assert NeighbourhoodCilAllocation.objects.count() == 1
    assert ncil.available(ward(), "2026/27") == Decimal("500.00")
