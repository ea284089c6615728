"""The published lists of assets of community value and unsuccessful nominations: the pages, the
API's community-value/ in planning.data.gov.uk's field names, no personal details, and a constant
number of queries whatever the length of the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assets.models import CommunityValueNomination
from assets.services import community as services
from localism.accounts.tests.factories import UserFactory, token_for

from .community_factories import AssetFactory, NominationFactory, asset_officer, community_organisation, listed

pytestmark = pytest.mark.django_db
Status = CommunityValueNomination.Status
LADYWOOD = "E05011151"


def _data():
    nominator = UserFactory(first_name="Priya", last_name="Nominator", email="priya.nominator@example.org")
    hall = listed(nominated_by=nominator, nominating_organisation=community_organisation("Ladywood Trust"),
                  nominating_group="Ladywood Trust")
    services.disposal_notify(nomination=hall, user=asset_officer(), notified_on=datetime.date(2026, 11, 1),
                             today=datetime.date(2026, 11, 30))
    refused = NominationFactory(status=Status.NOT_LISTED, decision="not-listed", nominated_by=nominator,
                                decision_date=datetime.date(2026, 10, 1), decision_reason="Mainly a private club.")
    pending = NominationFactory(nominated_by=nominator)
    return hall, refused, pending


def test_the_public_list_shows_listings_and_not_pending_nominations(client):
    hall, refused, pending = _data()
    page = client.get(reverse("assets:community-value-list")).content.decode()
    assert hall.name in page and "Interim moratorium" in page
    assert refused.name not in page and pending.name not in page
    assert "Priya" not in page and "priya.nominator" not in page
    unsuccessful = client.get(reverse("assets:community-value-unsuccessful")).content.decode()
    assert refused.name in unsuccessful and "Mainly a private club." in unsuccessful and hall.name not in unsuccessful


def test_the_list_filters_by_ward_and_status(client):
    hall, _, _ = _data()
    other = listed(asset=AssetFactory(ward=None), status=Status.REMOVED, removed_on=datetime.date(2026, 11, 1))
    url = reverse("assets:community-value-list")
    assert hall.name in client.get(url, {"ward": "ladywood"}).content.decode()
    removed = client.get(url, {"status": "removed"}).content.decode()
    assert other.name in removed and hall.name not in removed
    assert client.get(url, {"status": "made-up"}).status_code == 400


def test_a_listing_page_shows_its_dates(client):
    hall, _, pending = _data()
    page = client.get(reverse("assets:community-value", args=[hall.pk])).content.decode()
    for text in ["1 November 2026", "12 December 2026", "30 April 2028", hall.reference]:
        assert text in page
    assert client.get(reverse("assets:community-value", args=[pending.pk])).status_code == 404
    client.force_login(asset_officer())
    assert client.get(reverse("assets:community-value", args=[pending.pk])).status_code == 200


@pytest.mark.parametrize("url_name", ["assets:community-value-list", "assets:community-value-unsuccessful"])
def test_the_lists_run_a_constant_number_of_queries(client, url_name):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        return len(queries)

    for _ in range(2):
        listed(nominating_organisation=community_organisation(f"Trust {_}"))
        NominationFactory(status=Status.NOT_LISTED, decision="not-listed", decision_date=datetime.date(2026, 10, 1))
    few = count()
    for i in range(20):
        listed(nominating_organisation=community_organisation(f"Group {i}"))
        NominationFactory(status=Status.NOT_LISTED, decision="not-listed", decision_date=datetime.date(2026, 10, 1))
    assert count() == few


def test_the_api_publishes_the_dataset_fields_and_no_personal_details(api_client):
    hall, refused, pending = _data()
    answer = api_client.get("/api/v1/community-value/")
    assert answer.status_code == 200 and answer.json()["count"] == 2
    row = next(r for r in answer.json()["results"] if r["reference"] == hall.reference)
    assert row["nomination-date"] == "2026-09-01" and row["decision-date"] == "2026-09-20"
    assert row["expiry-date"] == "2031-09-19" and row["notification-to-sell-date"] == "2026-11-01"
    assert row["interim-moratorium-end-date"] == "2026-12-12" and row["protected-period-end-date"] == "2028-04-30"
    assert row["nominating-group"] == "Ladywood Trust" and row["ward"]["gss_code"] == LADYWOOD
    text = answer.content.decode()
    for personal in ["Priya", "Nominator", "priya.nominator", "nominated_by", "decided_by", pending.name]:
        assert personal not in text


def test_the_api_filters_by_ward_and_status(api_client):
    hall, refused, _ = _data()
    outside = listed(asset=AssetFactory(ward=None))
    codes = lambda **q: {r["reference"] for r in api_client.get("/api/v1/community-value/", q).json()["results"]}  # noqa: E731
    assert codes(status="not-listed") == {refused.reference}
    assert codes(ward=LADYWOOD) == {hall.reference, refused.reference}
    assert outside.reference in codes(status="listed")
    assert api_client.get("/api/v1/community-value/", {"ward": "nonsense"}).status_code == 400
    assert api_client.get("/api/v1/community-value/", {"status": "nominated"}).status_code == 400
    assert api_client.get(f"/api/v1/community-value/{NominationFactory().pk}/").status_code == 404


def test_the_api_is_read_only_for_every_role(api_client):
    for user in [UserFactory(partner=True), asset_officer()]:
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}") if user.role == "partner" else \
            api_client.force_authenticate(user)
        assert api_client.post("/api/v1/community-value/", {}, format="json").status_code == 405


def test_the_api_list_runs_a_constant_number_of_queries(api_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/community-value/").status_code == 200
        return len(queries)

    listed()
    few = count()
    for i in range(15):
        listed(nominating_organisation=community_organisation(f"Group {i}"))
    assert count() == few
