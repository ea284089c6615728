"""The hubs admin on the demonstration's hubs: every list, change, add and history page opens for
an admin without loading ward boundaries, and the booking list reads a page of them in a fixed
number of queries. The demonstration is made once for the module (module_db)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from hubs.models import Booking, Hub, Occupancy
from localism.accounts.tests.factories import UserFactory

from .test_admin import MODELS, assert_no_boundaries

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


@pytest.fixture(scope="module")
def demo(module_db):
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        call_command("demo_accounts", stdout=StringIO())
    for command, args in [("load_libraries", ["--commit"]), ("demo_hubs", [])]:
        call_command(command, *args, stdout=StringIO())


@pytest.mark.parametrize("model", MODELS)
def test_admin_opens_each_list_change_and_add_page_without_loading_boundaries(admin_client, demo, model):
    with CaptureQueriesContext(connection) as queries:
        changelist = admin_client.get(f"/admin/hubs/{model}/")
        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count > 0
        obj = changelist.context["cl"].result_list[0]
        assert admin_client.get(f"/admin/hubs/{model}/{obj.pk}/change/").status_code == 200
        assert admin_client.get(f"/admin/hubs/{model}/add/").status_code == 200
    assert_no_boundaries(queries.captured_queries)


def test_the_page_of_a_demonstration_hub_opens(admin_client, demo):
    hub = Hub.objects.get(slug__startswith="farm-road")
    response = admin_client.get(f"/admin/hubs/hub/{hub.pk}/change/")
    assert response.status_code == 200
    assert b"Community room 3" in response.content and b"Floor resurfacing" in response.content


@pytest.mark.parametrize("model", ["occupancy", "booking"])
def test_history_pages_open(admin_client, demo, model):
    obj = {"occupancy": Occupancy, "booking": Booking}[model].objects.first()
    assert admin_client.get(f"/admin/hubs/{model}/{obj.pk}/history/").status_code == 200


def test_the_booking_list_reads_a_fixed_number_of_queries_for_many_bookings(admin_client, demo):
    url = "/admin/hubs/booking/"
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.context["cl"].result_count > 100
    assert len(response.context["cl"].result_list) == 100  # a full page
    assert len(queries) <= 12, "\n".join(q["sql"] for q in queries.captured_queries)
