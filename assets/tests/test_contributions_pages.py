"""The developer contributions' pages: who may see and do what, the refusal of an over-spend
and an over-allocation shown as a field error, the funding statement's figures against the
transactions summed here, and query counts that do not grow with wards or agreements."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import ContributionTransaction, FundingStatus, NeighbourhoodCilAllocation, NeighbourhoodCilWard
from assets.selectors import contributions as selectors
from assets.tests.contributions_factories import (
    AgreementFactory,
    ContributionFactory,
    TransactionFactory,
    cil_agreement,
    planning_obligations_officer,
    ward,
)
from localism.accounts.tests.factories import UserFactory
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory

pytestmark = pytest.mark.django_db
SPARKBROOK = "sparkbrook-and-balsall-heath-east"


def people():
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "partner": UserFactory(partner=True),
        "councillor of the ward": CouncillorSeatFactory(ward=ward()).councillor,
        "councillor of another ward": CouncillorSeatFactory(ward=ward("E05011118")).councillor,
        "officer not in the group": UserFactory(officer=True),
        "planning obligations officer": planning_obligations_officer(),
        "admin": UserFactory(admin=True),
    }


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


RECORDERS = {"planning obligations officer", "admin"}
ALLOCATORS = {"councillor of the ward", "admin"}


@pytest.mark.parametrize("who", ["anonymous", "resident", "partner", "councillor of the ward",
                                 "councillor of another ward", "officer not in the group",
                                 "planning obligations officer", "admin"])
def test_permission_matrix_of_the_pages(client, who):
    user = people()[who]
    client = client_for(client, user)
    assert client.get(reverse("contributions:index")).status_code == 200
    assert client.get(reverse("contributions:ward", args=[SPARKBROOK])).status_code == 200
    for name in ("contributions:record", "contributions:allocate-s106", "contributions:at-risk"):
        status = client.get(reverse(name)).status_code
        assert status == (200 if who in RECORDERS else 302 if user is None else 403), (name, status)
    status = client.get(reverse("contributions:allocate-ncil", args=[SPARKBROOK])).status_code
    assert status == (200 if who in ALLOCATORS else 302 if user is None else 403)


def test_an_over_spend_on_the_page_is_a_field_error_and_saves_nothing(client):
    officer = planning_obligations_officer()
    contribution = ContributionFactory()
    TransactionFactory(contribution=contribution, amount=Decimal("1000"))
    client.force_login(officer)
    answer = client.post(reverse("contributions:record"), {
        "contribution": contribution.pk, "status": "spent", "amount": "1,000.01", "start_date": "2/6/2026"})
    assert answer.status_code == 400
    assert answer.context["form"].errors["amount"] == [
        f"This would spend more than {contribution.reference} has received: £1,000.00 received is not yet spent "
        "or returned."]
    assert ContributionTransaction.objects.count() == 1
    answer = client.post(reverse("contributions:record"), {
        "contribution": contribution.pk, "status": "spent", "amount": "1,000", "start_date": "2/6/2026"})
    assert answer.status_code == 302


def test_the_councillor_allocates_neighbourhood_cil_and_an_over_allocation_is_a_field_error(client):
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    TransactionFactory(contribution=cil_agreement(), amount=Decimal("10000"), start_date=datetime.date(2026, 5, 1))
    councillor = CouncillorSeatFactory(ward=ward()).councillor
    priority = PriorityFactory()
    client.force_login(councillor)
    url = reverse("contributions:allocate-ncil", args=[SPARKBROOK]) + "?period=2026-27"
    answer = client.post(url, {"priority": priority.pk, "amount": "1500.01", "description": "Play area"})
    assert answer.status_code == 400
    assert "£1,500.00 is available" in answer.context["form"].errors["amount"][0]
    assert not NeighbourhoodCilAllocation.objects.exists()
    answer = client.post(url, {"priority": priority.pk, "amount": "1000", "description": "Play area"})
    assert answer.status_code == 302
    page = client.get(reverse("contributions:ward", args=[SPARKBROOK]) + "?period=2026-27")
    assert page.context["money"].ncil_available == Decimal("500.00")


def test_the_funding_statement_adds_up_the_years_transactions(client):
    s106 = ContributionFactory()
    elsewhere = ContributionFactory(agreement=AgreementFactory(ward=ward("E05011118")))
    cil = cil_agreement()
    in_year = [
        TransactionFactory(contribution=s106, amount=Decimal("5000"), start_date=datetime.date(2026, 4, 1)),
        TransactionFactory(contribution=s106, status=FundingStatus.SPENT, amount=Decimal("1200.50"),
                           start_date=datetime.date(2026, 12, 1)),
        TransactionFactory(contribution=s106, status=FundingStatus.RETURNED, amount=Decimal("300"),
                           start_date=datetime.date(2027, 3, 31)),
        TransactionFactory(contribution=elsewhere, amount=Decimal("700"), start_date=datetime.date(2026, 8, 1)),
        TransactionFactory(contribution=cil, amount=Decimal("90000"), start_date=datetime.date(2026, 9, 9)),
    ]
    TransactionFactory(contribution=s106, amount=Decimal("999"), start_date=datetime.date(2026, 3, 31))
    TransactionFactory(contribution=cil, amount=Decimal("999"), start_date=datetime.date(2027, 4, 1))
    statement = selectors.funding_statement("2026/27")

    def summed(kind=None, ward_name=None, status=None):
        return sum((t.amount for t in in_year if t.status == status
                    and (kind is None or t.contribution.agreement.agreement_type == kind)
                    and (ward_name is None or t.contribution.agreement.ward.name == ward_name)), Decimal(0))

    for status in ("received", "allocated", "spent", "returned"):
        assert statement.totals[status] == summed(status=status)
        assert statement.by_kind["Section 106"][status] == summed("section-106", status=status)
        assert statement.by_kind["Community Infrastructure Levy"][status] == summed(
            "community-infrastructure-levy", status=status)
        for ward_name, kind, money in statement.by_ward:
            key = "section-106" if kind == "Section 106" else "community-infrastructure-levy"
            assert money[status] == summed(key, ward_name, status)
    assert statement.totals["received"] == Decimal("95700")
    page = client.get(reverse("contributions:statement", args=["2026-27"]))
    assert "£95,700.00" in page.content.decode()
    csv = client.get(reverse("contributions:statement", args=["2026-27"]) + "?format=csv").content.decode()
    assert "2026/27,All wards,Section 106,5700.00,0.00,1200.50,300.00" in csv


def _agreements(count: int):
    wards = list(Ward.objects.current().without_geometry().order_by("name")[:count])
    for n, w in enumerate(wards):
        contribution = ContributionFactory(agreement=AgreementFactory(ward=w))
        TransactionFactory(contribution=contribution, amount=Decimal(100 + n))
        TransactionFactory(contribution=cil_agreement(w.gss_code), amount=Decimal(1000))
        AgreementFactory(ward=ward())  # more agreements in the one ward


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [reverse("contributions:index"), reverse("contributions:ward", args=[SPARKBROOK]),
                                 reverse("contributions:statement", args=["2026-27"])])
def test_query_counts_do_not_grow_with_wards_or_agreements(client, url):
    _agreements(2)
    few = _queries(client, url)
    _agreements(4)
    assert _queries(client, url) == few


def test_the_city_table_counts_each_wards_contracts_in_a_fixed_number_of_queries(client):
    import datetime

    from assets.selectors.contributions import city_table
    from assets.tests.contracts_factories import commissioning_officer, make_contract, other_ward

    officer = commissioning_officer()
    today = datetime.date(2026, 6, 1)
    before = _queries(client, reverse("contributions:index"))
    make_contract(officer, n=1, wards=[ward()], decision_due=datetime.date(2027, 5, 1))  # window open on today
    make_contract(officer, n=2, city_wide=True, decision_due=datetime.date(2027, 12, 1))  # opens 1 Dec 2026
    make_contract(officer, n=3, wards=[ward(), other_ward()], decision_due=datetime.date(2026, 12, 1))  # open
    rows = {row.ward.name: (row.contracts, row.windows_open) for row in city_table(period="2026/27", today=today)}
    assert rows["Sparkbrook & Balsall Heath East"] == (3, 2)
    assert rows["Shard End"] == (2, 1)
    assert rows["Aston"] == (1, 0)  # the city-wide one
    assert _queries(client, reverse("contributions:index")) == before
    by_contracts = [row.ward.name for row in city_table(period="2026/27", sort="contracts", descending=True,
                                                         today=today)]
    assert by_contracts[0] == "Sparkbrook & Balsall Heath East"
