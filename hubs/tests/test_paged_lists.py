"""The lists a person reads of a hub come a page at a time: "your bookings" to come, the requests
awaiting approval, the hub's occupancies, and its spaces, services and closures on the setup page
show 25 a page at most, with links to the others, in the same queries whatever the number of
rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.models import Booking, Closure, Occupancy
from hubs.tests.factories import HubServiceFactory, SpaceFactory, at
from localism.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
FIRST = datetime.date(2027, 3, 1)  # a Monday


def requests_for(room, requester, count, *, weeks_from=0):
    Booking.objects.bulk_create(
        Booking(space=room, requested_by=requester, organisation=requester.organisation, purpose="Drop-in",
                attendees=4, status=Booking.Status.REQUESTED,
                starts_at=at(FIRST + datetime.timedelta(weeks=weeks_from + n), "10:00"),
                ends_at=at(FIRST + datetime.timedelta(weeks=weeks_from + n), "11:00")) for n in range(count))


def test_your_bookings_to_come_are_paged(client, people, room):
    requests_for(room, people["partner"], 30)
    client.force_login(people["partner"])
    url = reverse("hubs:my-bookings")
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    coming = first.context["sections"][0][1]
    assert len(coming) == 25 and coming[0].starts_at == at(FIRST, "10:00")
    assert "Page 1 of 2 (1 to 25 of 30)" in first.text
    assert len(client.get(url, {"page": 2}).context["sections"][0][1]) == 5
    requests_for(room, people["partner"], 60, weeks_from=30)
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Page 1 of 4 (1 to 25 of 90)" in again.text
    for page in (1, 2, 3, 4, 99, "last"):
        assert len(client.get(url, {"page": page}).context["sections"][0][1]) <= 25
    assert len(client.get(url, {"page": 99}).context["sections"][0][1]) == 15  # the last page


def test_the_requests_awaiting_approval_are_paged(client, people, room):
    requests_for(room, people["partner"], 26)
    client.force_login(people["officer"])
    url = reverse("hubs:requests", kwargs={"slug": room.hub.slug})
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert first.text.count('class="govuk-summary-card"') == 25
    assert "Page 1 of 2 (1 to 25 of 26)" in first.text
    assert client.get(url, {"page": 2}).text.count('class="govuk-summary-card"') == 1
    requests_for(room, people["partner"], 50, weeks_from=26)
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert again.text.count('class="govuk-summary-card"') == 25
    assert "Page 1 of 4 (1 to 25 of 76)" in again.text


# The officers' pages of a hub: its spaces, services and closures on the setup page, each paged
# by a parameter of its own, and its occupancies, 25 a page.

def spaces_for(hub, count, *, start=0):
    return [SpaceFactory(hub=hub, name=f"Room {n:03}") for n in range(start, start + count)]


def services_for(hub, count, *, start=0):
    organisation = OrganisationFactory(name="Shard End Advice")
    for n in range(start, start + count):
        HubServiceFactory(hub=hub, organisation=organisation, name=f"Service {n:03}")


def closures_for(hub, count, *, start=0, space=None):
    Closure.objects.bulk_create(
        Closure(hub=hub, space=space, reason=f"Closure {n:03}", starts_on=FIRST + datetime.timedelta(days=n),
                ends_on=FIRST + datetime.timedelta(days=n)) for n in range(start, start + count))


def occupancies_for(hub, count, *, start=0):
    organisation = OrganisationFactory(name="Shard End Credit Union")
    for n, space in enumerate(spaces_for(hub, count, start=start), start=start):
        occupancy = Occupancy.objects.create(hub=hub, organisation=organisation, agreement="licence",
                                             starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                                             ends_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        occupancy.spaces.add(space)


def shown(response, name):
    return list(response.context[name])


@pytest.mark.parametrize("name, add, label", [
    ("spaces", spaces_for, "Room"), ("services", services_for, "Service"), ("closures", closures_for, "Closure"),
])
def test_the_setup_pages_lists_are_paged_each_by_its_own_parameter(client, people, hub, name, add, label):
    add(hub, 30)
    client.force_login(people["officer"])
    url = reverse("hubs:setup", kwargs={"slug": hub.slug})
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert len(shown(first, name)) == 25
    assert "Page 1 of 2 (1 to 25 of 30)" in first.text
    assert f'href="?{name}=2#{name}"' in first.text
    second = client.get(url, {name: 2})
    assert len(shown(second, name)) == 5
    assert not set(shown(first, name)) & set(shown(second, name))
    for bad in ("x", "0", "-1", "99", "last"):
        assert len(shown(client.get(url, {name: bad}), name)) in (25, 5)  # a page, never an error
    add(hub, 45, start=30)
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Page 1 of 3 (1 to 25 of 75)" in again.text


def test_the_setup_pages_lists_turn_their_pages_apart(client, people, hub):
    spaces_for(hub, 30)
    closures_for(hub, 30)
    client.force_login(people["officer"])
    response = client.get(reverse("hubs:setup", kwargs={"slug": hub.slug}), {"spaces": 2, "closures": 1})
    assert len(shown(response, "spaces")) == 5 and len(shown(response, "closures")) == 25
    assert shown(response, "closures")[0].reason == "Closure 029"  # the latest first
    assert 'href="?spaces=2&amp;closures=2#closures"' in response.text


def test_a_hubs_occupancies_are_paged(client, people, hub):
    occupancies_for(hub, 30)
    client.force_login(people["officer"])
    url = reverse("hubs:occupiers", kwargs={"slug": hub.slug})
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert first.text.count('class="govuk-summary-card"') == 25
    assert "Page 1 of 2 (1 to 25 of 30)" in first.text
    assert first.context["occupancies"][0].changes  # each with its history
    second = client.get(url, {"page": 2})
    assert second.text.count('class="govuk-summary-card"') == 5
    assert client.get(url, {"page": "x"}).text.count('class="govuk-summary-card"') == 25
    assert client.get(url, {"page": 99}).text.count('class="govuk-summary-card"') == 5
    occupancies_for(hub, 45, start=30)
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert again.text.count('class="govuk-summary-card"') == 25
    assert "Page 1 of 3 (1 to 25 of 75)" in again.text
