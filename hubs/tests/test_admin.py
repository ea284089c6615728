"""The hubs admin: lists don't grow their queries with their rows, and changes made there keep
the rules the services keep. That every list, change, add and history page opens without loading
ward boundaries, on the demonstration's hubs, is in test_admin_demo.py."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hubs.models import Booking, Closure, Hub, HubService, Occupancy, ServiceSchedule
from hubs.tests.factories import BookingFactory, HubFactory, HubServiceFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["hub", "space", "closure", "occupancy", "hubservice", "booking"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


def add_hub_with_everything(n: int = 0) -> Hub:
    """A hub with a manager, a space, a closure, an occupier, a service and its times, and two
    bookings by different organisations."""
    officer = UserFactory(officer=True)
    hub = HubFactory(managers=[officer])
    space = SpaceFactory(hub=hub)
    Closure.objects.create(hub=hub, space=space, starts_on=next_weekday(2, weeks_ahead=8),
                           ends_on=next_weekday(2, weeks_ahead=8), reason="Decorating")
    occupancy = Occupancy.objects.create(hub=hub, organisation=OrganisationFactory(), agreement="lease",
                                         starts_on=datetime.date(2025, 4, 1), ends_on=datetime.date(2030, 3, 31),
                                         break_date=datetime.date(2028, 3, 31), yearly_charge=Decimal("5000"))
    occupancy.spaces.set([space])
    service = HubServiceFactory(hub=hub)
    ServiceSchedule.objects.create(service=service, weekday=1, opens=datetime.time(10), closes=datetime.time(12))
    for i in range(2):
        day = next_weekday(i, weeks_ahead=1 + n)
        BookingFactory(space=space, organisation=OrganisationFactory(), requested_by=officer,
                       starts_at=at(day, "10:00"), ends_at=at(day, "12:00"))
    return hub


def assert_no_boundaries(queries):
    selects = [q["sql"] for q in queries if '."boundary' in q["sql"]]
    assert not selects, "ward boundaries were loaded:\n" + "\n".join(selects)


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_do_not_grow_queries_with_rows(admin_client, model):
    add_hub_with_everything()
    url = f"/admin/hubs/{model}/"
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for n in range(1, 4):
        add_hub_with_everything(n)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.context["cl"].result_count > 1
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_a_hub_page_does_not_grow_queries_with_its_closures(admin_client):
    hub = add_hub_with_everything()
    url = f"/admin/hubs/hub/{hub.pk}/change/"
    admin_client.get(url)  # the first page of a session also fills caches (content types): not counted
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    for weeks in range(10, 16):
        day = next_weekday(3, weeks_ahead=weeks)
        Closure.objects.create(hub=hub, space=hub.spaces.first(), starts_on=day, ends_on=day, reason="Training")
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_an_overlapping_booking_is_refused_here_too(admin_client):
    hub = add_hub_with_everything()
    taken = Booking.objects.filter(space__hub=hub).first()
    start = taken.starts_at + datetime.timedelta(hours=1)
    response = admin_client.post("/admin/hubs/booking/add/", {
        "space": taken.space_id, "starts_at_0": f"{start:%Y-%m-%d}", "starts_at_1": "11:00",
        "ends_at_0": f"{start:%Y-%m-%d}", "ends_at_1": "13:00", "purpose": "Another meeting", "attendees": 4,
        "status": "confirmed",
    })
    assert response.status_code == 200
    assert "is already booked from 10:00 to 12:00" in response.content.decode()
    assert Booking.objects.filter(space__hub=hub).count() == 2


def test_a_break_date_outside_the_agreement_is_refused(admin_client):
    hub = add_hub_with_everything()
    occupancy = hub.occupancies.get()
    response = admin_client.post(f"/admin/hubs/occupancy/{occupancy.pk}/change/", {
        "hub": hub.pk, "organisation": occupancy.organisation_id, "spaces": [s.pk for s in hub.spaces.all()],
        "agreement": "lease", "starts_on": "2025-04-01", "ends_on": "2030-03-31", "break_date": "2031-03-31",
        "yearly_charge": "5000", "status": "active",
    })
    assert response.status_code == 200
    assert "The break date must fall within the agreement." in response.content.decode()
    occupancy.refresh_from_db()
    assert occupancy.break_date == datetime.date(2028, 3, 31)


def test_a_hubs_managers_are_chosen_from_officers_and_admins(admin_client):
    hub = add_hub_with_everything()
    resident = UserFactory(first_name="Rita", last_name="Resident")
    response = admin_client.get(f"/admin/hubs/hub/{hub.pk}/change/")
    choices = response.context["adminform"].form.fields["managers"].queryset
    assert hub.managers.first() in choices and resident not in choices


def test_services_can_be_found_by_name(admin_client):
    add_hub_with_everything()
    other = HubServiceFactory(name="Baby clinic")
    response = admin_client.get("/admin/hubs/hubservice/?q=Baby")
    assert list(response.context["cl"].result_list) == [other]
    assert HubService.objects.count() == 2
