"""The developer contributions' API: public, paginated, filtered by ward (with the ward's
totals), kind and status; a neighbourhood CIL allocation POSTed through the same service, with
the over-allocation a 400 on `amount` and the wrong people refused."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import FundingStatus, NeighbourhoodCilAllocation, NeighbourhoodCilWard
from assets.tests.contributions_factories import (
    AgreementFactory,
    ContributionFactory,
    TransactionFactory,
    cil_agreement,
    planning_obligations_officer,
    ward,
)
from assets.tests.test_contributions_pages import people
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/contributions/"
POST_URL = "/api/v1/neighbourhood-cil-allocations/"


def test_the_list_is_public_paginated_and_filtered(api_client):
    s106 = ContributionFactory()
    TransactionFactory(contribution=s106, amount=Decimal("2500"))
    TransactionFactory(contribution=s106, status=FundingStatus.SPENT, amount=Decimal("500"))
    cil = cil_agreement("E05011118")
    body = api_client.get(URL).json()
    assert body["count"] == 2 and "ward_totals" not in body
    [found] = api_client.get(URL, {"kind": "s106"}).json()["results"]
    assert (found["reference"], found["money"]["received"], found["money"]["spent"]) == (
        s106.reference, 2500.0, 500.0)
    assert found["developer_agreement"]["ward"] == {"gss_code": "E05011170",
                                                    "name": "Sparkbrook & Balsall Heath East"}
    assert [r["reference"] for r in api_client.get(URL, {"kind": "cil"}).json()["results"]] == [cil.reference]
    assert api_client.get(URL, {"status": "spent"}).json()["count"] == 1
    by_ward = api_client.get(URL, {"ward": "E05011170"}).json()
    assert by_ward["count"] == 1
    assert by_ward["ward_totals"]["s106"]["received"] == 2500.0
    assert api_client.get(URL, {"kind": "other"}).status_code == 400
    assert api_client.get(URL, {"ward": "nonsense"}).status_code == 400


def _rows(count):
    for w in Ward.objects.current().without_geometry().order_by("name")[:count]:
        contribution = ContributionFactory(agreement=AgreementFactory(ward=w))
        TransactionFactory(contribution=contribution)


def test_the_lists_query_count_does_not_grow(api_client):
    _rows(2)
    with CaptureQueriesContext(connection) as few:
        api_client.get(URL)
    _rows(4)
    with CaptureQueriesContext(connection) as more:
        assert api_client.get(URL).json()["count"] == 6
    assert len(more) == len(few)


def _allocation_setup():
    NeighbourhoodCilWard.objects.create(ward=ward(), council_tax_dwellings=10_000)
    TransactionFactory(contribution=cil_agreement(), amount=Decimal("10000"), start_date=datetime.date(2026, 5, 1))
    return PriorityFactory()


@pytest.mark.parametrize("who", ["anonymous", "resident", "partner", "councillor of the ward",
                                 "councillor of another ward", "officer not in the group",
                                 "planning obligations officer", "admin"])
def test_permission_matrix_of_the_post(api_client, who):
    priority = _allocation_setup()
    user = people()[who]
    if user is not None:
        api_client.force_authenticate(user)
    answer = api_client.post(POST_URL, {"ward": "E05011170", "period": "2026/27", "priority": priority.pk,
                                        "amount": 100, "description": "Benches"}, format="json")
    expected = {"anonymous": 401, "councillor of the ward": 201, "admin": 201}.get(who, 403)
    assert answer.status_code == expected, answer.json()
    assert NeighbourhoodCilAllocation.objects.count() == (1 if expected == 201 else 0)


def test_an_over_allocation_is_a_400_on_the_amount(api_client):
    priority = _allocation_setup()
    api_client.force_authenticate(CouncillorSeatFactory(ward=ward()).councillor)
    answer = api_client.post(POST_URL, {"ward": "E05011170", "period": "2026/27", "priority": priority.pk,
                                        "amount": 1500.01, "description": "Benches"}, format="json")
    assert answer.status_code == 400
    assert "£1,500.00 is available" in answer.json()["amount"][0]
    assert not NeighbourhoodCilAllocation.objects.exists()


def test_planning_obligations_officer_is_not_a_councillor(api_client):
    priority = _allocation_setup()
    api_client.force_authenticate(planning_obligations_officer())
    answer = api_client.post(POST_URL, {"ward": "E05011170", "period": "2026/27", "priority": priority.pk,
                                        "amount": 10, "description": "Benches"}, format="json")
    assert answer.status_code == 403
