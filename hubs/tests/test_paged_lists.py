"""The lists a person reads of a hub's bookings come a page at a time: "your bookings" to come
and the requests awaiting approval show 25 a page at most, with links to the others, in the same
queries whatever the number of bookings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubs.models import Booking
from hubs.tests.factories import at

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
