import csv
import io

import pytest

from assets.models import Asset, CommunityValue
from assets.services import assets_import
from assets.services.register_format import EXPORT_COLUMNS
from localism.accounts.tests.factories import token_for

from .factories import AssetFactory
from .test_register_import import COUNCIL_HOUSE, LIBRARY, register

LADYWOOD = "E05011151"


@pytest.fixture
def register_loaded(db):
    assets_import(user=None, data=register(COUNCIL_HOUSE, LIBRARY), commit=True)
    AssetFactory(name="Cheltenham shop", tenure="Leasehold", holding_type="Land",
                 community_value=CommunityValue.LISTED)


@pytest.mark.django_db
def test_anyone_lists_and_filters_the_register(api_client, register_loaded):
    body = api_client.get("/api/v1/assets/").json()
    assert body["count"] == 3
    assert {a["name"] for a in body["results"]} == {"Council House", "Library of Birmingham", "Cheltenham shop"}
    in_ladywood = api_client.get("/api/v1/assets/", {"ward": LADYWOOD}).json()["results"]
    assert [a["ward"] for a in in_ladywood] == [{"gss_code": LADYWOOD, "name": "Ladywood"}] * 2
    assert [a["name"] for a in api_client.get("/api/v1/assets/", {"tenure": "Leasehold"}).json()["results"]] == [
        "Cheltenham shop"]
    assert api_client.get("/api/v1/assets/", {"holding_type": "land"}).json()["count"] == 1
    assert api_client.get("/api/v1/assets/", {"community_value": "listed"}).json()["count"] == 1
    assert api_client.get("/api/v1/assets/", {"community_value": "none"}).json()["count"] == 2
    house = Asset.objects.get(asset_code="BCC/00001")
    detail = api_client.get(f"/api/v1/assets/{house.pk}/").json()
    assert (detail["uprn"], detail["ward"]["gss_code"], detail["location_source"]) == (
        "010033544614", LADYWOOD, "grid")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"ward": "Ladywood"}, {"tenure": "Fee simple"}, {"community_value": "yes"},
                                   {"page_size": "lots"}])
def test_bad_filters_are_a_400(api_client, query):
    response = api_client.get("/api/v1/assets/", query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["asset_officer", "admin", "hub_officer", "councillor", "partner", "resident",
                                 "anonymous"])
def test_the_api_is_read_only_for_everyone(api_client, people, register_loaded, who):
    if people[who] is not None:
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people[who])}")
    house = Asset.objects.get(asset_code="BCC/00001")
    assert api_client.get(f"/api/v1/assets/{house.pk}/").status_code == 200
    assert api_client.post("/api/v1/assets/", {"name": "x"}, format="json").status_code in (401, 403, 405)
    assert api_client.patch(f"/api/v1/assets/{house.pk}/", {"name": "x"}, format="json").status_code in (
        401, 403, 405)
    house.refresh_from_db()
    assert house.name == "Council House"


@pytest.mark.django_db
def test_the_export_is_the_codes_csv_and_reads_back(api_client, register_loaded):
    response = api_client.get("/api/v1/assets/export.csv", {"ward": LADYWOOD})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_COLUMNS and len(rows) == 3
    report = assets_import(user=None, data=response.content, commit=False)
    assert report.unchanged == 2
    assert api_client.get("/api/v1/assets/export.csv").content == api_client.get("/assets/export.csv").content


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [10, 5000])
def test_the_list_runs_the_same_queries_for_10_or_5000_assets(api_client, django_assert_num_queries, rows):
    Asset.objects.bulk_create([Asset(asset_code=f"A{i}", name=f"Asset {i}", tenure="Freehold") for i in range(rows)])
    with django_assert_num_queries(2):
        assert api_client.get("/api/v1/assets/", {"page_size": 500}).status_code == 200


@pytest.mark.django_db
def test_the_schema_documents_the_assets(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/assets/" in schema["paths"] and "/api/v1/assets/export.csv" in schema["paths"]
    names = [p["name"] for p in schema["paths"]["/api/v1/assets/"]["get"]["parameters"]]
    assert {"ward", "tenure", "holding_type", "community_value"} <= set(names)
