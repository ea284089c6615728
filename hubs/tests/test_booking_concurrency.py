"""Two bookings of one space never overlap, even when asked for at the same instant. The
live-server test runs on both databases: on SQLite one write transaction at a time proves it, on
PostgreSQL the space's row lock and the exclusion constraint beneath it. The tests of the lock
and of the constraint themselves mean something only on PostgreSQL, and are skipped elsewhere."""

import json
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import IntegrityError, connection, transaction

from hubs import services
from hubs.models import Booking, Space
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="Only PostgreSQL proves the queue: SQLite ignores SELECT ... FOR UPDATE, and there one "
                           "write transaction at a time keeps the rule (the live-server test above).")
def test_a_second_booking_of_a_space_waits_for_the_first_and_then_sees_it(birmingham_wards):
    officer = UserFactory(officer=True)
    room = SpaceFactory(hub=HubFactory(managers=[officer]), name="Community room")
    day = next_weekday(2)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def book(start, end):
        return services.booking_create(space=room, requester=officer, starts_at=at(day, start),
                                       ends_at=at(day, end), purpose="Clinic", attendees=4)

    def first():
        try:
            with transaction.atomic():
                Space.objects.select_for_update().get(pk=room.pk)  # as booking_create takes it
                holding.set()
                release.wait(10)
                outcome["first"] = book("10:00", "12:00")
        finally:
            connection.close()

    def second():
        holding.wait(10)
        started = time.monotonic()
        try:
            book("11:00", "13:00")
        except services.BookingConflict as conflict:
            outcome["second"] = conflict
        finally:
            outcome["waited"] = time.monotonic() - started
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    # The second request queued on the space's row lock, then found the first booking in the way.
    assert outcome["waited"] >= 0.4
    assert outcome["second"].booking.pk == outcome["first"].pk
    assert Booking.objects.count() == 1
