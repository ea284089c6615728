"""The permission matrix of the hub officers' and partners' pages: who may see and change what.

Roles: anonymous, resident, a partner whose organisation occupies the hub and one whose does
not, the officer who runs the hub, an officer who runs another hub, and an admin. Every refused
request must leave the bookings and occupancies exactly as they were.
"""

import pytest
from django.urls import reverse

from hubs.models import BookableBy, Booking, Occupancy
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "partner_occupier", "partner_other", "officer", "officer_other_hub", "admin"]
MANAGERS = {"officer", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}


@pytest.fixture
def world():
    users = {
        "resident": UserFactory(),
        "partner_occupier": UserFactory(partner=True),
        "partner_other": UserFactory(partner=True),
        "officer": UserFactory(officer=True),
        "officer_other_hub": UserFactory(officer=True),
        "admin": UserFactory(admin=True),
    }
    hub = HubFactory(managers=[users["officer"]])
    HubFactory(managers=[users["officer_other_hub"]])
    room = SpaceFactory(hub=hub, name="Community room", bookable_by=BookableBy.COMMUNITY)
    office = SpaceFactory(hub=hub, name="Staff office", bookable_by=BookableBy.STAFF)
    occupier = users["partner_occupier"]
    occupancy = Occupancy.objects.create(hub=hub, organisation=occupier.organisation, agreement="licence",
                                         starts_on="2025-04-01", yearly_charge=2400)
    occupancy.spaces.set([office])
    day = next_weekday(1)
    request = BookingFactory(space=room, starts_at=at(day, "10:00"), ends_at=at(day, "11:00"),
                             organisation=occupier.organisation, requested_by=occupier,
                             status=Booking.Status.REQUESTED)
    return {"users": users, "hub": hub, "room": room, "office": office, "occupancy": occupancy, "request": request}


def snapshot():
    return (
        list(Booking.objects.order_by("pk").values_list("pk", "space_id", "starts_at", "ends_at", "status",
                                                         "decided_by_id", "decision_note")),
        list(Occupancy.objects.order_by("pk").values_list("pk", "organisation_id", "agreement", "starts_on",
                                                           "ends_on", "yearly_charge", "status")),
        list(Occupancy.spaces.through.objects.order_by("pk").values_list("occupancy_id", "space_id")),
    )


def sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])


def expect(role, allowed: set, *, success=200):
    """The status a role should get: success, 302 to sign in when anonymous, else 403."""
    if role in allowed:
        return success
    return 302 if role == "anonymous" else 403


def check(response, role, allowed, *, success=200):
    assert response.status_code == expect(role, allowed, success=success), response.content[:300]
    if role == "anonymous" and "anonymous" not in allowed:
        assert response["Location"].startswith("/accounts/login/?next=")


def _reading_pages(world):
    hub, request, occupancy = world["hub"], world["request"], world["occupancy"]
    return {
        "dashboard": (reverse("hubs:dashboard", args=[hub.slug]), MANAGERS),
        "week": (reverse("hubs:week", args=[hub.slug]), MANAGERS),
        "requests": (reverse("hubs:requests", args=[hub.slug]), MANAGERS),
        "occupiers": (reverse("hubs:occupiers", args=[hub.slug]), MANAGERS),
        "record occupancy": (reverse("hubs:occupancy-new", args=[hub.slug]), MANAGERS),
        "change occupancy": (reverse("hubs:occupancy-edit", args=[occupancy.pk]), MANAGERS),
        "booking": (reverse("hubs:booking", args=[request.pk]), MANAGERS | {"partner_occupier"}),
        "cancel booking": (reverse("hubs:booking-cancel", args=[request.pk]), MANAGERS | {"partner_occupier"}),
        "book": (reverse("hubs:book", args=[hub.slug]), SIGNED_IN),
        "my bookings": (reverse("hubs:my-bookings"), SIGNED_IN),
        "manage": (reverse("hubs:manage"), SIGNED_IN),
    }


READING = ["dashboard", "week", "requests", "occupiers", "record occupancy", "change occupancy", "booking",
           "cancel booking", "book", "my bookings", "manage"]


@pytest.mark.parametrize("page", READING)
@pytest.mark.parametrize("role", ROLES)
def test_reading_pages(client, world, role, page):
    sign_in(client, world, role)
    url, allowed = _reading_pages(world)[page]
    before = snapshot()
    check(client.get(url), role, allowed)
    assert snapshot() == before


def _occupancy_data(world, charge):
    return {"organisation": OrganisationFactory(name="Hijack Ltd").pk, "spaces": [world["room"].pk],
            "agreement": "lease", "starts_on": "1/4/2026", "yearly_charge": charge, "status": "active"}


def _writes(world):
    hub, request, occupancy = world["hub"], world["request"], world["occupancy"]
    day = f"{next_weekday(2):%d/%m/%Y}"
    booking = {"date": day, "start_time": "13:00", "end_time": "14:00", "purpose": "Coffee morning",
               "attendees": "6", "repeat": "0", "contact_name": "Sam Okafor", "contact_phone": "0121 303 1111",
               "contact_email": "sam@example.org"}
    return {
        "approve": (reverse("hubs:booking-approve", args=[request.pk]), {"note": "Yes"}, MANAGERS),
        "turn down": (reverse("hubs:booking-reject", args=[request.pk]), {"note": "No"}, MANAGERS),
        "cancel": (reverse("hubs:booking-cancel", args=[request.pk]), {"note": ""},
                   MANAGERS | {"partner_occupier"}),
        "record occupancy": (reverse("hubs:occupancy-new", args=[hub.slug]), _occupancy_data(world, "100"),
                             MANAGERS),
        "change occupancy": (reverse("hubs:occupancy-edit", args=[occupancy.pk]), _occupancy_data(world, "1"),
                             MANAGERS),
        "book community room": (reverse("hubs:book", args=[hub.slug]), {**booking, "space": world["room"].pk},
                                SIGNED_IN),
        # Council staff (any officer) may book staff rooms; residents and partners are refused them.
        "book staff office": (reverse("hubs:book", args=[hub.slug]), {**booking, "space": world["office"].pk},
                              {"officer", "officer_other_hub", "admin"}),
    }


WRITES = ["approve", "turn down", "cancel", "record occupancy", "change occupancy", "book community room",
          "book staff office"]


@pytest.mark.parametrize("page", WRITES)
@pytest.mark.parametrize("role", ROLES)
def test_writing(client, world, role, page):
    sign_in(client, world, role)
    url, data, allowed = _writes(world)[page]
    before = snapshot()
    response = client.post(url, data)
    # The booking service refuses a space this user may not book: 403, as for every refusal.
    check(response, role, allowed, success=302)
    assert (snapshot() != before) == (role in allowed)


def test_a_partner_of_the_same_organisation_may_cancel_a_colleagues_booking(client, world):
    colleague = UserFactory(partner=True, organisation=world["users"]["partner_occupier"].organisation)
    client.force_login(colleague)
    response = client.post(reverse("hubs:booking-cancel", args=[world["request"].pk]))
    assert response.status_code == 302
    world["request"].refresh_from_db()
    assert world["request"].status == Booking.Status.CANCELLED


@pytest.mark.parametrize("role", ["anonymous", "partner_occupier", "officer"])
def test_post_only_addresses_refuse_a_get_and_unknown_objects_are_not_found(client, world, role):
    sign_in(client, world, role)
    assert client.get(reverse("hubs:booking-approve", args=[world["request"].pk])).status_code == 405
    assert client.get(reverse("hubs:booking", args=[999999])).status_code == 404
    assert client.get(reverse("hubs:dashboard", args=["no-such-hub"])).status_code == 404
    assert client.post(reverse("hubs:booking-reject", args=[999999])).status_code == 404
