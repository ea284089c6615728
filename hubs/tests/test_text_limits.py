"""A hub's free texts have maximum lengths, kept by the model: the officers' pages, admin and the
services take exactly that many characters and refuse one more, naming the field, storing nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubs.models import Booking, HubService, Occupancy, Space
from hubs.services.setup import hub_service_create
from hubs.tests import officer_fixtures
from hubs.tests.factories import SpaceFactory, next_weekday
from localism.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# The usual cast (hubs/tests/officer_fixtures.py).
hub = officer_fixtures.hub
officer = officer_fixtures.officer


def text(length: int) -> str:
    return "a" * length


def test_occupancy_notes_on_the_page_take_5000_characters_and_refuse_5001(client, officer, hub):
    room = SpaceFactory(hub=hub)
    organisation = OrganisationFactory(name="Shard End Credit Union")
    data = {"organisation": organisation.pk, "spaces": [room.pk], "agreement": "licence", "starts_on": "1/4/2026",
            "ends_on": "31/3/2029", "yearly_charge": "4800", "status": "active"}
    client.force_login(officer)
    url = reverse("hubs:occupancy-new", args=[hub.slug])
    response = client.post(url, {**data, "notes": text(5_001)})
    assert response.status_code == 400
    assert "Notes must be 5,000 characters or fewer" in response.content.decode()
    assert not Occupancy.objects.exists() and not Occupancy.history.exists()
    assert client.post(url, {**data, "notes": text(5_000)}).status_code == 302
    assert Occupancy.objects.get().notes == text(5_000)


def test_a_booking_purpose_on_the_page_takes_300_characters_and_refuses_301(client, officer, hub):
    room = SpaceFactory(hub=hub, name="Community room", capacity=20)
    data = {"space": room.pk, "date": f"{next_weekday(0):%d/%m/%Y}", "start_time": "10:00", "end_time": "12:00",
            "attendees": "8", "repeat": "0"}
    client.force_login(officer)
    url = reverse("hubs:book", args=[hub.slug])
    response = client.post(url, {**data, "purpose": text(301)})
    assert response.status_code == 400
    assert "Purpose must be 300 characters or fewer" in response.content.decode()
    assert not Booking.objects.exists()
    assert client.post(url, {**data, "purpose": text(300)}).status_code == 302
    assert Booking.objects.get().purpose == text(300)


def space_form(hub, notes: str) -> dict:
    return {"hub": hub.pk, "name": "Studio", "kind": "studio", "capacity": "12", "floor_area_m2": "30",
            "bookable_by": "staff", "max_occupiers": "1", "notes": notes}


def test_admin_refuses_space_notes_one_character_too_long(admin_client, hub):
    response = admin_client.post("/admin/hubs/space/add/", space_form(hub, text(2_001)))
    assert response.status_code == 200
    assert "Notes must be 2,000 characters or fewer" in response.content.decode()
    assert not Space.objects.exists()
    assert admin_client.post("/admin/hubs/space/add/", space_form(hub, text(2_000))).status_code == 302
    assert Space.objects.get().notes == text(2_000)


def test_admin_refuses_a_hub_description_one_character_too_long(admin_client, hub):
    before = hub.description
    form = {"name": hub.name, "slug": hub.slug, "ward": hub.ward_id, "address": hub.address,
            "postcode": hub.postcode, "description": text(5_001)}
    for prefix in ("opening_hours", "spaces", "closures"):
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(f"/admin/hubs/hub/{hub.pk}/change/", form)
    assert response.status_code == 200
    assert "Description must be 5,000 characters or fewer" in response.content.decode()
    hub.refresh_from_db()
    assert hub.description == before


def test_the_service_refuses_a_service_description_one_character_too_long(officer, hub):
    values = {"organisation": OrganisationFactory(), "name": "Money advice", "category": "advice"}
    with pytest.raises(ValidationError) as refused:
        hub_service_create(user=officer, hub=hub, description=text(5_001), **values)
    assert refused.value.message_dict == {"description": ["Description must be 5,000 characters or fewer"]}
    assert not HubService.objects.exists()
    service = hub_service_create(user=officer, hub=hub, description=text(5_000), **values)
    assert service.description == text(5_000)


def test_the_model_keeps_its_limit_whatever_saves_it(hub):
    space = Space(hub=hub, name="Studio", capacity=12, floor_area_m2=Decimal("30"), notes=text(2_001))
    with pytest.raises(ValidationError) as refused:
        space.full_clean()
    assert refused.value.message_dict == {"notes": ["Notes must be 2,000 characters or fewer"]}
