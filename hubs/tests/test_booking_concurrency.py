"""Two bookings of one space never overlap, even when asked for at the same instant: through the
real API on a live server, on SQLite (one write transaction at a time) and on PostgreSQL (the
space's row lock, and the exclusion constraint beneath it)."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.db import IntegrityError, connection, transaction

from hubs.models import Booking
from hubs.tests.factories import HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import UserFactory, token_for

REQUESTS = 20


def post(url: str, token: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.usefixtures("birmingham_wards")
def test_twenty_requests_for_one_slot_at_once_book_it_once(live_server):
    officers = [UserFactory(officer=True) for _ in range(REQUESTS)]
    hub = HubFactory(managers=officers)  # each officer's booking is confirmed at once
    room = SpaceFactory(hub=hub, name="Community room", capacity=30)
    tokens = [token_for(officer) for officer in officers]
    day = next_weekday(2)
    starts_at, ends_at = at(day, "10:00"), at(day, "12:00")
    body = {"space": room.pk, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat(),
            "purpose": "Tenants' meeting", "attendees": 12}
    url = f"{live_server.url}/api/v1/bookings/"

    barrier = threading.Barrier(REQUESTS)
    answers = [None] * REQUESTS

    def ask(n):
        barrier.wait()
        answers[n] = post(url, tokens[n], body)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [409] * (REQUESTS - 1), answers
    [booked] = [answer for status, answer in answers if status == 201]
    assert booked["status"] == "confirmed"
    for status, answer in answers:
        if status == 409:
            assert "Community room is already booked from 10:00 to 12:00" in answer["detail"]
            assert answer["conflict"]["id"] == booked["id"]
            assert (answer["conflict"]["starts_at"], answer["conflict"]["ends_at"]) == (
                booked["starts_at"], booked["ends_at"])
    stored = Booking.objects.get()
    assert (stored.pk, stored.starts_at, stored.ends_at) == (booked["id"], starts_at, ends_at)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite has no exclusion constraints: there the booking service's write transaction "
                           "keeps the rule, which the live-server test above checks.")
def test_the_database_refuses_an_overlapping_booking_made_behind_the_services_back():
    room = SpaceFactory()
    day = next_weekday(1)
    fields = {"space": room, "purpose": "Clinic", "attendees": 4}
    Booking.objects.create(starts_at=at(day, "10:00"), ends_at=at(day, "12:00"), status=Booking.Status.CONFIRMED,
                           **fields)
    with pytest.raises(IntegrityError, match="booking_no_overlap_in_a_space"), transaction.atomic():
        Booking.objects.create(starts_at=at(day, "11:00"), ends_at=at(day, "13:00"),
                               status=Booking.Status.REQUESTED, **fields)
    # A booking that holds no slot may share the time, and back to back is no overlap.
    Booking.objects.create(starts_at=at(day, "11:00"), ends_at=at(day, "13:00"), status=Booking.Status.CANCELLED,
                           **fields)
    Booking.objects.create(starts_at=at(day, "12:00"), ends_at=at(day, "13:00"), status=Booking.Status.CONFIRMED,
                           **fields)
    assert Booking.objects.count() == 3
