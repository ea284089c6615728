"""The hubs partner API: hubs/ and spaces/, public and read-only."""

import pytest

from hubs.models import BookableBy
from hubs.tests.conftest import SPARKBROOK
from hubs.tests.factories import HubFactory, SpaceFactory
from wards.models import Ward
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


# --- The hubs nearest a postcode or a point -----------------------------------------------------------

# Where B11 1AA and B34 7AQ are, as the postcode data gives them.
B11_1AA = (52.459527, -1.871381)
B34_7AQ = (52.494937, -1.777267)


@pytest.fixture
def three_hubs():
    HubFactory(name="Shard End Hub", latitude=B34_7AQ[0], longitude=B34_7AQ[1])
    HubFactory(name="Sparkbrook Hub", latitude=52.4605, longitude=-1.8700,
               ward=Ward.objects.current().get(gss_code=SPARKBROOK))
    HubFactory(name="Nowhere Yet", latitude=None, longitude=None)


def test_hubs_near_a_postcode_come_nearest_first_with_their_distance(api_client, three_hubs):
    body = api_client.get(HUBS, {"near": "b11 1aa"}).json()
    assert [(h["name"], h["distance_km"]) for h in body["results"]] == [("Sparkbrook Hub", 0.14),
                                                                       ("Shard End Hub", 7.49)]
    assert body["count"] == 2  # a hub with no coordinates has no distance
    assert api_client.get(HUBS).json()["results"][0]["distance_km"] is None


def test_hubs_near_a_point(api_client, three_hubs):
    body = api_client.get(HUBS, {"lat": B34_7AQ[0], "lon": B34_7AQ[1]}).json()
    assert [(h["name"], h["distance_km"]) for h in body["results"]] == [("Shard End Hub", 0.0),
                                                                       ("Sparkbrook Hub", 7.36)]


def test_near_works_with_the_ward_filter(api_client, three_hubs):
    body = api_client.get(HUBS, {"near": "B11 1AA", "ward": SHARD_END}).json()
    assert [(h["name"], h["distance_km"]) for h in body["results"]] == [("Shard End Hub", 7.49)]


@pytest.mark.parametrize("params, errors", [
    ({"near": "B99 9ZZ"}, {"near": ["B99 9ZZ is not a Birmingham postcode we know. Check it, or try a postcode "
                                    "nearby."]}),
    ({"near": "not a postcode"}, {"near": ["Enter a real postcode, like B11 1AA."]}),
    ({"near": ""}, {"near": ["Enter a postcode, like B11 1AA."]}),
    ({"near": "B" * 17}, {"near": ["Enter a real postcode, like B11 1AA."]}),
    ({"lat": "40.4", "lon": "-3.7"}, {"lat": ["Enter a latitude in the UK, between 49.8 and 60.9"]}),
    ({"lat": "52.5", "lon": "12"}, {"lon": ["Enter a longitude in the UK, between -8.7 and 1.8"]}),
    ({"lat": "nan", "lon": "-1.9"}, {"lat": ["Enter a latitude in the UK, between 49.8 and 60.9"]}),
    ({"lat": "north", "lon": "-1.9"}, {"lat": ["Enter a latitude in the UK, between 49.8 and 60.9"]}),
    ({"lat": "52.5"}, {"lon": ["Enter the longitude too"]}),
    ({"lon": "-1.9"}, {"lat": ["Enter the latitude too"]}),
    ({"near": "B11 1AA", "lat": "52.5", "lon": "-1.9"},
     {"near": ["Give a postcode (near) or a point (lat and lon), not both"]}),
    ({"postcode": "B11 1AA"},
     {"postcode": ["There is no postcode filter: use near=<postcode> for the hubs nearest a postcode."]}),
])
def test_a_place_that_cannot_be_used_is_a_400_naming_it(api_client, three_hubs, params, errors):
    response = api_client.get(HUBS, params)
    assert response.status_code == 400
    assert response.json() == errors


def test_near_is_in_the_schema(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    names = {p["name"] for p in schema["paths"][HUBS]["get"]["parameters"]}
    assert {"near", "lat", "lon", "ward"} <= names


def test_hub_list_near_a_postcode_queries_do_not_grow(api_client, three_hubs, django_assert_num_queries):
    with django_assert_num_queries(4) as few:  # the postcode, the count, a page of hubs, their opening hours
        assert api_client.get(HUBS, {"near": "B11 1AA", "page_size": 500}).json()["count"] == 2
    for n in range(15):
        HubFactory(latitude=52.40 + n / 100, longitude=-1.9)
    with django_assert_num_queries(len(few.captured_queries)):
        body = api_client.get(HUBS, {"near": "B11 1AA", "page_size": 500}).json()
    assert body["count"] == 17
    distances = [h["distance_km"] for h in body["results"]]
    assert distances == sorted(distances)
