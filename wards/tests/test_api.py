import pytest

from localism.accounts.tests.factories import UserFactory, token_for
from wards.models import BoundaryGeneration, Ward
from wards.tests.factories import CouncillorSeatFactory, WardFactory

pytestmark = pytest.mark.django_db

WARDS = "/api/v1/wards/"


def test_ward_list_is_paginated_for_partners(api_client):
    body = api_client.get(WARDS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 69
    assert len(body["results"]) == 50
    assert body["next"].endswith("/api/v1/wards/?page=2")


def test_page_size_is_capped_at_500(api_client):
    # More wards than the cap, so that a missing cap would show: 69 real ones and 440 more.
    generation = BoundaryGeneration.objects.current().get()
    Ward.objects.bulk_create(
        Ward(generation_low=generation, gss_code=f"E0598{n:04d}", name=f"Extra Ward {n}", slug=f"extra-ward-{n}",
             seats=1, constituency="Yardley")
        for n in range(440)
    )
    assert len(api_client.get(WARDS, {"page_size": 70}).json()["results"]) == 70
    body = api_client.get(WARDS, {"page_size": 10_000}).json()
    assert (body["count"], len(body["results"])) == (509, 500)
    assert body["next"].endswith("page=2&page_size=10000")


@pytest.mark.parametrize("params, count", [
    ({"constituency": "yardley"}, 7),
    ({"name": "sutton"}, 8),
    ({"search": "E05011165"}, 1),
])
def test_ward_filters(api_client, params, count):
    assert api_client.get(WARDS, params).json()["count"] == count


def test_ward_detail_follows_the_partner_contract(api_client):
    CouncillorSeatFactory(party="Labour")
    ward = api_client.get(WARDS + "E05011170/").json()
    assert {"gss_code", "name", "slug", "seats", "constituency", "councillors", "boundary_url"} <= set(ward)
    assert ward["name"] == "Sparkbrook & Balsall Heath East"
    assert ward["seats"] == 2
    assert ward["councillors"][0]["party"] == "Labour"
    assert ward["boundary_url"].endswith("/api/v1/wards/E05011170/boundary/")
    # Councillors are named with their public contact details; nothing of their account is published.
    assert set(ward["councillors"][0]) == {
        "name", "party", "term_start", "term_end", "email", "phone", "web_page", "surgery_details"}


def test_ward_boundary_is_geojson(api_client):
    response = api_client.get(WARDS + "E05011170/boundary/")
    assert response["Content-Type"].startswith("application/geo+json")
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_unknown_ward_is_a_json_404(api_client):
    response = api_client.get(WARDS + "E05099999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unknown_api_address_is_a_json_404(api_client):
    response = api_client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_lookup_by_postcode(api_client):
    body = api_client.get(WARDS + "lookup/", {"postcode": "b111aa"}).json()
    assert body["postcode"] == "B11 1AA"
    assert body["ward"]["gss_code"] == "E05011170"


def test_lookup_by_point(api_client):
    body = api_client.get(WARDS + "lookup/", {"lat": "52.4595", "lon": "-1.8714"}).json()
    assert body["ward"]["name"] == "Sparkbrook & Balsall Heath East"


@pytest.mark.parametrize("params, status, field", [
    ({"postcode": "B1"}, 400, "postcode"),
    ({}, 400, "postcode"),
    ({"lat": "north", "lon": "-1.9"}, 400, "lat"),
])
def test_lookup_bad_input_is_a_400_with_the_field(api_client, params, status, field):
    response = api_client.get(WARDS + "lookup/", params)
    assert response.status_code == status
    assert field in response.json()
    assert response.json()[field][0].startswith("Enter")


@pytest.mark.parametrize("params", [{"postcode": "SW1A 1AA"}, {"lat": "51.5", "lon": "-0.14"}])
def test_lookup_outside_birmingham_is_a_404(api_client, params):
    response = api_client.get(WARDS + "lookup/", params)
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_cannot_write_wards(api_client, method):
    url = WARDS if method == "post" else WARDS + "E05011170/"
    response = getattr(api_client, method)(url, {"name": "Renamed", "gss_code": "E05099999"}, format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert Ward.objects.count() == 69
    assert Ward.objects.get(gss_code="E05011170").name == "Sparkbrook & Balsall Heath East"


@pytest.mark.parametrize("role", ["partner", "councillor", "officer", "admin"])
def test_no_one_writes_wards_through_the_api(api_client, role):
    user = UserFactory(**{role: True})
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    assert api_client.patch(WARDS + "E05011170/", {"name": "Renamed"}, format="json").status_code == 405
    assert api_client.delete(WARDS + "E05011170/").status_code == 405
    assert Ward.objects.get(gss_code="E05011170").name == "Sparkbrook & Balsall Heath East"


def test_token_authentication(api_client):
    partner = UserFactory(partner=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(partner)}")
    assert api_client.get(WARDS).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(WARDS)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_ward_list_query_count_does_not_grow(api_client, django_assert_num_queries):
    with django_assert_num_queries(3) as small:
        api_client.get(WARDS, {"page_size": 500})
    for _ in range(30):
        CouncillorSeatFactory(ward=WardFactory())
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(api_client.get(WARDS, {"page_size": 500}).json()["results"]) == 99


def test_schema_and_offline_docs(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/wards/lookup/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
