"""A hub form or admin page given a number no id can be (beyond 64 bits, or negative) for a
space, an organisation or a manager answers it as a choice that does not exist: the form again
with "Select a valid choice" (or the field's own message), nothing stored, never a 500."""

import pytest
from django.urls import reverse

from hubs.models import Booking, Hub, Occupancy
from hubs.tests import officer_fixtures
from hubs.tests.factories import next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# The usual cast (hubs/tests/officer_fixtures.py).
hub = officer_fixtures.hub
officer = officer_fixtures.officer
room = officer_fixtures.room

HUGE = ["99999999999999999999", "-99999999999999999999", str(2**63)]
NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def not_among(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


def stored():
    return (list(Booking.objects.values_list("pk", flat=True)), Booking.history.count(),
            list(Occupancy.objects.values_list("pk", "organisation", "notes")), Occupancy.history.count(),
            list(Occupancy.spaces.through.objects.values_list("pk", flat=True)),
            list(Hub.managers.through.objects.values_list("pk", flat=True)))


def assert_refused(client, url, data, message, status=400):
    before = stored()
    response = client.post(url, data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize("field, message", [("space", "Choose one of the spaces listed"),
                                            ("organisation", NOT_A_CHOICE)])
@pytest.mark.parametrize("huge", HUGE)
def test_the_booking_form_refuses_a_space_or_organisation_no_id_can_be(client, officer, hub, room, field, message,
                                                                        huge):
    client.force_login(officer)
    data = {"space": room.pk, "date": f"{next_weekday(0):%d/%m/%Y}", "start_time": "10:00", "end_time": "12:00",
            "purpose": "Advice surgery", "attendees": "8", "repeat": "0", field: huge}
    assert_refused(client, reverse("hubs:book", args=[hub.slug]), data, message)


def occupancy_data(room, **changes) -> dict:
    return {"organisation": OrganisationFactory().pk, "spaces": [room.pk], "agreement": "licence",
            "starts_on": "1/4/2026", "ends_on": "31/3/2029", "yearly_charge": "4800", "status": "active", **changes}


@pytest.mark.parametrize("huge", HUGE)
def test_the_occupier_form_refuses_spaces_and_organisations_no_id_can_be(client, officer, hub, room, huge):
    client.force_login(officer)
    url = reverse("hubs:occupancy-new", args=[hub.slug])
    assert_refused(client, url, occupancy_data(room, spaces=[room.pk, huge]), not_among(huge))
    assert_refused(client, url, occupancy_data(room, organisation=huge), NOT_A_CHOICE)


# Admin: its choices of related records are the same bounded fields (core.admin's site).

@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


@pytest.mark.parametrize("huge", HUGE)
def test_admin_refuses_a_hub_manager_no_id_can_be(admin_client, hub, officer, huge):
    form = {"name": hub.name, "slug": hub.slug, "ward": hub.ward_id, "address": hub.address,
            "postcode": hub.postcode, "managers": [officer.pk, huge]}
    for prefix in ("opening_hours", "spaces", "closures"):
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    assert_refused(admin_client, f"/admin/hubs/hub/{hub.pk}/change/", form, not_among(huge), status=200)


@pytest.mark.parametrize("huge", HUGE)
def test_admin_refuses_an_occupancys_space_no_id_can_be(admin_client, hub, room, huge):
    form = {**occupancy_data(room, spaces=[huge]), "hub": hub.pk, "starts_on": "2026-04-01", "ends_on": "2029-03-31"}
    assert_refused(admin_client, "/admin/hubs/occupancy/add/", form, not_among(huge), status=200)


@pytest.mark.parametrize("huge", HUGE)
def test_admin_refuses_a_booking_of_a_space_no_id_can_be_and_shows_the_form_again(admin_client, room, huge):
    day = next_weekday(0)
    form = {"space": huge, "starts_at_0": f"{day:%Y-%m-%d}", "starts_at_1": "10:00", "ends_at_0": f"{day:%Y-%m-%d}",
            "ends_at_1": "12:00", "purpose": "Meeting", "attendees": 4, "status": "confirmed",
            "organisation": huge}
    assert_refused(admin_client, "/admin/hubs/booking/add/", form, NOT_A_CHOICE, status=200)


@pytest.mark.parametrize("huge", HUGE)
def test_an_admin_add_page_opened_with_an_id_no_id_can_be_shows_no_choice(admin_client, huge):
    response = admin_client.get("/admin/hubs/hub/add/", {"ward": huge})
    assert response.status_code == 200
    assert huge not in response.content.decode()


@pytest.mark.parametrize("huge", HUGE)
def test_an_admin_list_filtered_by_ids_no_id_can_be_is_a_bad_request(admin_client, hub, officer, huge):
    for lookup, real in (("id__in", hub.pk), ("ward__id__in", hub.ward_id), ("managers__in", officer.pk)):
        response = admin_client.get("/admin/hubs/hub/", {lookup: str(real)})
        assert list(response.context["cl"].result_list) == [hub]
        assert admin_client.get("/admin/hubs/hub/", {lookup: f"{real},{huge}"}).status_code == 400
