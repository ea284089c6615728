"""The ideas/ API: public, read-only, paginated, filtered by ward and status, with support
counts and the public response only; hidden ideas left out; nobody writes through it."""

import pytest
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory, token_for
from wards.tests.conftest import SBHE, SHARD_END, ward
from wards.tests.factories import CouncillorSeatFactory

from ..models import IdeaStatus
from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/ideas/"


def test_ideas_are_public_with_support_counts_and_no_personal_data(api_client):
    resident = UserFactory()
    idea = IdeaFactory(proposer=resident, browser_key="secret-hash", status=IdeaStatus.DECLINED,
                       response="Not council land.")
    SupportFactory.create_batch(2, idea=idea)
    IdeaFactory(hidden_at=timezone.now(), hidden_reason="Names a neighbour")
    body = api_client.get(URL).json()
    assert body["count"] == 1 and set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    assert row["support_count"] == 2 and row["response"] == "Not council land."
    assert row["ward"] == {"gss_code": SBHE, "name": ward(SBHE).name}
    for private in ("proposer", "browser_key", "hidden_reason", "hidden_by"):
        assert private not in row
    assert "secret-hash" not in str(body) and resident.username not in str(body)


def test_ideas_filter_by_ward_and_status(api_client):
    IdeaFactory(title="Here")
    IdeaFactory(title="There", ward=ward(SHARD_END), status=IdeaStatus.ADOPTED)
    assert [r["title"] for r in api_client.get(URL, {"ward": SHARD_END}).json()["results"]] == ["There"]
    assert [r["title"] for r in api_client.get(URL, {"status": "waiting"}).json()["results"]] == ["Here"]
    assert api_client.get(URL, {"ward": "nonsense"}).status_code == 400
    assert api_client.get(URL, {"status": "nonsense"}).status_code == 400


def test_a_hidden_idea_is_not_found(api_client):
    idea = IdeaFactory(hidden_at=timezone.now(), hidden_reason="x")
    assert api_client.get(f"{URL}{idea.pk}/").status_code == 404
    assert api_client.get(f"{URL}{IdeaFactory().pk}/").status_code == 200


def test_nobody_responds_through_the_api_not_even_the_wards_councillor(api_client):
    """Responses are made on the idea's page; the API is read-only for every role, and
    another ward's councillor is refused as anyone is."""
    idea = IdeaFactory()
    for user in (CouncillorSeatFactory(ward=ward(SHARD_END)).councillor, CouncillorSeatFactory().councillor):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        assert api_client.patch(f"{URL}{idea.pk}/", {"status": "declined"}, format="json").status_code == 405
        assert api_client.post(URL, {"title": "x"}, format="json").status_code == 405
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.WAITING


def test_the_list_takes_the_same_queries_however_many_ideas(api_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IdeaFactory()
    with CaptureQueriesContext(connection) as few:
        api_client.get(URL)
    for idea in IdeaFactory.create_batch(8):
        SupportFactory.create_batch(2, idea=idea)
    with django_assert_num_queries(len(few)):
        assert api_client.get(URL).json()["count"] == 9


def test_the_schema_documents_ideas(api_client):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/ideas/"]["get"]["parameters"]}
    assert {"ward", "status", "page"} <= parameters
    assert "support_count" in schema["components"]["schemas"]["Idea"]["properties"]
