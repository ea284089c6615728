"""The hubs partner API's services/, as Open Referral UK records."""

import datetime

import pytest

from hubs.api.open_referral import ORGANISATION_INVALID
from hubs.models import HubService, ServiceSchedule
from hubs.tests.factories import HubFactory, HubServiceFactory
from wards.models import Ward

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/services/"
SPARKBROOK = "E05011170"


@pytest.fixture
def advice(hub, people):
    service = HubServiceFactory(hub=hub, organisation=people["partner"].organisation, name="Money advice",
                                description="Help with benefits, debt and bills.", who_for="Anyone in Shard End",
                                how_to_access="Drop in", phone="0121 303 0000", email="advice@example.org",
                                url="https://example.org/advice")
    ServiceSchedule.objects.create(service=service, weekday=2, opens=datetime.time(13), closes=datetime.time(16))
    ServiceSchedule.objects.create(service=service, weekday=0, opens=datetime.time(9, 30), closes=datetime.time(12))
    return service


def test_services_in_the_shape_of_open_referral(api_client, advice, hub):
    HubServiceFactory(hub=hub, name="Closed service", is_active=False)
    body = api_client.get(SERVICES).json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": f"localism-service-{advice.pk}",
        "name": "Money advice",
        "description": "Help with benefits, debt and bills.",
        "url": "https://example.org/advice",
        "email": "advice@example.org",
        "status": "active",
        "attending_access": "Drop in",
        "eligibility_description": "Anyone in Shard End",
        "organization": {"id": f"localism-organisation-{advice.organisation_id}",
                         "name": "Shard End Community Trust"},
        "service_at_locations": [{
            "id": f"localism-service-{advice.pk}-at-hub-{hub.pk}",
            "location": {"id": f"localism-hub-{hub.pk}", "name": "Shard End Hub", "address_1": "All Saints Square",
                         "postal_code": "B34 7AQ", "latitude": 52.4936, "longitude": -1.7618,
                         "accessibility_for_disabilities": [{"accessibility": "Step-free entrance."}]},
        }],
        "regular_schedules": [
            {"id": body["results"][0]["regular_schedules"][0]["id"], "weekday": "MO", "opens_at": "09:30:00",
             "closes_at": "12:00:00", "freq": "WEEKLY"},
            {"id": body["results"][0]["regular_schedules"][1]["id"], "weekday": "WE", "opens_at": "13:00:00",
             "closes_at": "16:00:00", "freq": "WEEKLY"},
        ],
        "categories": [{"key": "advice", "label": "Advice, money and benefits"}],
        "contacts": [{"phone": "0121 303 0000"}],
    }


def test_a_service_is_found_at_the_url_of_its_id(api_client, advice, hub):
    listed = api_client.get(SERVICES).json()["results"][0]
    assert listed["id"] == f"localism-service-{advice.pk}"
    found = api_client.get(f"{SERVICES}{listed['id']}/")
    assert found.status_code == 200 and found.json() == listed
    assert api_client.get(f"{SERVICES}{advice.pk}/").json() == listed  # the number alone, as before
    closed = HubServiceFactory(hub=hub, name="Closed service", is_active=False)
    for missing in [f"localism-service-{closed.pk}", "localism-service-99999999999999999", "localism-hub-1"]:
        response = api_client.get(f"{SERVICES}{missing}/")
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_a_service_without_contact_details(api_client, hub):
    HubServiceFactory(hub=hub, category=HubService.Category.HEALTH)
    service = api_client.get(SERVICES).json()["results"][0]
    assert (service["url"], service["email"], service["contacts"]) == (None, None, [])
    assert service["categories"] == [{"key": "health", "label": "Health"}]


def test_services_filters(api_client, advice, hub):
    elsewhere = HubServiceFactory(hub=HubFactory(ward=Ward.objects.current().get(gss_code=SPARKBROOK)))

    def names(**params):
        return [s["name"] for s in api_client.get(SERVICES, params).json()["results"]]

    assert names(hub=hub.pk) == ["Money advice"]
    assert names(ward=SPARKBROOK) == [elsewhere.name]
    assert names(organisation=advice.organisation_id) == ["Money advice"]
    assert names(organisation=f"localism-organisation-{elsewhere.organisation_id}") == [elsewhere.name]
    response = api_client.get(SERVICES, {"organisation": "the trust"})
    assert response.status_code == 400
    assert response.json() == {"organisation": [ORGANISATION_INVALID]}


# --- Query counts do not grow with the rows -----------------------------------------------------------

def test_service_list_queries_do_not_grow(api_client, advice, grows_not):
    def add():
        for n in range(15):
            service = HubServiceFactory(hub=HubFactory(), organisation=advice.organisation)
            ServiceSchedule.objects.create(service=service, weekday=n % 7, opens=datetime.time(9),
                                           closes=datetime.time(12))

    grows_not(api_client, SERVICES, add, at_most=3, count=16)
