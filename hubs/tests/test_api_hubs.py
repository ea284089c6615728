"""The hubs partner API: hubs/ and spaces/, public and read-only."""

import pytest

from hubs.models import BookableBy
from hubs.tests.factories import HubFactory, SpaceFactory
from wards.models.geography import GSS_CODE_INVALID

pytestmark = pytest.mark.django_db

HUBS, SPACES, SERVICES = "/api/v1/hubs/", "/api/v1/spaces/", "/api/v1/services/"
SHARD_END = "E05011165"


def test_hub_list_shape_and_ward_filter(api_client, hub):
    body = api_client.get(HUBS, {"ward": SHARD_END}).json()
    assert body["count"] == 1
    listed = body["results"][0]
    assert listed["name"] == "Shard End Hub"
    assert listed["ward"] == {"gss_code": SHARD_END, "name": "Shard End"}
    assert listed["opening_hours"][0] == {"weekday": 0, "day": "Monday", "opens": "09:00:00", "closes": "17:00:00"}
    assert len(listed["opening_hours"]) == 5
    assert listed["url"] == f"http://testserver{HUBS}{hub.pk}/"
    assert listed["page_url"] == f"http://testserver/hubs/{hub.slug}/"
    assert {"address", "postcode", "latitude", "longitude", "accessibility", "slug", "id"} <= set(listed)
    assert api_client.get(listed["url"]).json() == listed
    assert api_client.get(HUBS).json()["count"] == 2


def test_a_bad_ward_code_is_a_400(api_client, hub):
    response = api_client.get(HUBS, {"ward": "Shard End"})
    assert response.status_code == 400
    assert response.json() == {"ward": [GSS_CODE_INVALID]}


def test_spaces_of_a_hub(api_client, hub, room):
    SpaceFactory(hub=hub, name="Office", bookable_by=BookableBy.NOBODY)
    SpaceFactory(name="Elsewhere room")
    body = api_client.get(SPACES, {"hub": hub.pk}).json()
    assert [s["name"] for s in body["results"]] == ["Community room", "Office"]
    assert body["results"][0] == {
        "id": room.pk, "hub": hub.pk, "name": "Community room", "kind": "room", "capacity": 20,
        "floor_area_m2": "40.0", "bookable_by": "community", "approval_needed": True, "accessible": True,
    }
    assert api_client.get(SPACES, {"hub": "one"}).status_code == 400


@pytest.mark.parametrize("url", [HUBS, SPACES, SERVICES])
def test_hubs_spaces_and_services_are_read_only(client_as, url):
    assert client_as("admin").post(url, {"name": "New"}).status_code == 405
    assert client_as("anonymous").post(url, {"name": "New"}).status_code == 401


# --- Query counts do not grow with the rows -----------------------------------------------------------

def test_hub_list_queries_do_not_grow(api_client, hub, grows_not):
    def add():
        for _ in range(15):
            HubFactory()

    grows_not(api_client, HUBS, add, at_most=3, count=17)


def test_space_list_queries_do_not_grow(api_client, room, grows_not):
    def add():
        for _ in range(15):
            SpaceFactory(hub=room.hub)

    grows_not(api_client, SPACES, add, at_most=2, count=16)
