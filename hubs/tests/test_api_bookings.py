"""The hubs partner API's bookings/: busy slots for everyone, details for those concerned; booking,
approving, turning down and cancelling."""

import datetime

import pytest
from django.utils import timezone

from hubs import services
from hubs.api.bookings import REPEAT_MISSING
from hubs.models import BookableBy, Booking, Closure
from hubs.services import NOT_YOUR_ORGANISATION, UNTIL_MISSING
from hubs.tests.factories import BookingFactory, SpaceFactory, at, next_weekday
from localism.core.dates import EVENTS, OUT_OF_WINDOW

pytestmark = pytest.mark.django_db

SPACES, BOOKINGS = "/api/v1/spaces/", "/api/v1/bookings/"
BUSY_SLOT_KEYS = {"id", "space", "starts_at", "ends_at", "status"}
DETAIL_KEYS = {"id", "space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees", "status",
               "series", "decision_note", "charge", "contact_name", "contact_phone", "contact_email"}


def when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def book(room, user, day=None, start="10:00", end="12:00", **kw):
    day = day or next_weekday(0)
    return services.booking_create(space=room, requester=user, starts_at=at(day, start), ends_at=at(day, end),
                                   purpose=kw.pop("purpose", "Money advice drop-in"),
                                   attendees=kw.pop("attendees", 10), **kw)


def monday_plus(days: int) -> datetime.date:
    return next_weekday(0) + datetime.timedelta(days=days)


@pytest.fixture
def bookings(room, people):
    """The trust's request on Monday, another charity's on Tuesday, and the hub's own on Wednesday."""
    return {
        "trust": book(room, people["partner"], monday_plus(0), booked_for="Job club"),
        "other": book(room, people["other_partner"], monday_plus(1), purpose="Private meeting"),
        "hub": book(room, people["officer"], monday_plus(2), purpose="Staff training"),
    }


def snapshot():
    return list(Booking.objects.order_by("pk").values_list("pk", "status", "decided_by", "decision_note"))


def request_body(room, day=None, start="10:00", end="12:00", **fields):
    day = day or next_weekday(0)
    return {"space": room.pk, "starts_at": at(day, start).isoformat(), "ends_at": at(day, end).isoformat(),
            "purpose": "Tenants' meeting", "attendees": 8, **fields}


# --- Who sees what of a booking ---------------------------------------------------------------------

def listed(client, **params):
    return {b["id"]: b for b in client.get(BOOKINGS, params).json()["results"]}


def test_anonymous_sees_busy_slots_only(client_as, bookings, people):
    cancelled = book(bookings["hub"].space, people["officer"], monday_plus(3))
    services.booking_cancel(booking=cancelled, user=people["officer"])
    seen = listed(client_as("anonymous"))
    assert set(seen) == {bookings["trust"].pk, bookings["other"].pk, bookings["hub"].pk}
    for booking in seen.values():
        assert set(booking) == BUSY_SLOT_KEYS
        assert booking["status"] == "busy"
    trust = seen[bookings["trust"].pk]
    assert when(trust["starts_at"]) == bookings["trust"].starts_at
    assert trust["space"] == bookings["trust"].space_id
    assert client_as("anonymous").get(f"{BOOKINGS}{bookings['trust'].pk}/").json() == trust


def test_a_partner_sees_its_organisations_bookings_in_full_and_others_as_busy(client_as, bookings):
    for role in ("partner", "colleague"):
        response = client_as(role).get(BOOKINGS)
        seen = {b["id"]: b for b in response.json()["results"]}
        trust = seen[bookings["trust"].pk]
        assert set(trust) == DETAIL_KEYS
        assert (trust["organisation"], trust["booked_for"], trust["purpose"], trust["attendees"], trust["status"]) == (
            "Shard End Community Trust", "Job club", "Money advice drop-in", 10, "requested")
        assert set(seen[bookings["other"].pk]) == BUSY_SLOT_KEYS
        assert set(seen[bookings["hub"].pk]) == BUSY_SLOT_KEYS
        # Who asked is never given away.
        assert "trust-worker" not in response.content.decode() and "@example.org" not in response.content.decode()
    own = client_as("partner").get(f"{BOOKINGS}{bookings['trust'].pk}/").json()
    assert own["purpose"] == "Money advice drop-in"
    assert set(client_as("partner").get(f"{BOOKINGS}{bookings['other'].pk}/").json()) == BUSY_SLOT_KEYS


@pytest.mark.parametrize("role, in_full", [("officer", True), ("admin", True), ("other_officer", False),
                                           ("resident", False)])
def test_the_hubs_managers_and_admins_see_every_booking_in_full(client_as, bookings, role, in_full):
    seen = listed(client_as(role))
    assert len(seen) == 3
    assert all(set(b) == (DETAIL_KEYS if in_full else BUSY_SLOT_KEYS) for b in seen.values())


def test_a_turned_down_booking_is_seen_only_by_those_concerned(client_as, bookings, people):
    services.booking_reject(booking=bookings["other"], user=people["officer"], note="The room is being painted.")
    assert bookings["other"].pk not in listed(client_as("anonymous"))
    assert bookings["other"].pk not in listed(client_as("partner"))
    theirs = listed(client_as("other_partner"))[bookings["other"].pk]
    assert (theirs["status"], theirs["decision_note"]) == ("rejected", "The room is being painted.")
    assert client_as("partner").get(f"{BOOKINGS}{bookings['other'].pk}/").status_code == 404


def test_bookings_filters(api_client, bookings, room, hub):
    elsewhere = BookingFactory(starts_at=at(monday_plus(0), "10:00"), ends_at=at(monday_plus(0), "11:00"))
    assert set(listed(api_client, space=room.pk)) == {b.pk for b in bookings.values()}
    assert set(listed(api_client, hub=elsewhere.space.hub_id)) == {elsewhere.pk}
    monday, tuesday = monday_plus(0), monday_plus(1)
    # `to` as a date means the end of that day; `from` as a time means still running then.
    assert set(listed(api_client, hub=hub.pk, to=monday.isoformat())) == {bookings["trust"].pk}
    assert set(listed(api_client, hub=hub.pk, **{"from": at(monday, "11:59").isoformat(), "to": tuesday.isoformat()})
               ) == {bookings["trust"].pk, bookings["other"].pk}
    assert set(listed(api_client, hub=hub.pk, **{"from": at(monday, "12:00").isoformat(), "to": tuesday.isoformat()})
               ) == {bookings["other"].pk}
    response = api_client.get(BOOKINGS, {"from": "next week"})
    assert response.status_code == 400 and "from" in response.json()


def test_pagination_shape(api_client, hub):
    for n in range(3):
        SpaceFactory(hub=hub, name=f"Room {n}")
    body = api_client.get(SPACES, {"hub": hub.pk, "page_size": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (body["count"], len(body["results"]), body["previous"]) == (3, 2, None)
    second = api_client.get(body["next"]).json()
    assert [s["name"] for s in second["results"]] == ["Room 2"] and second["next"] is None
    assert api_client.get(BOOKINGS, {"page_size": 1000}).status_code == 200  # capped at 500, not refused
    for not_a_size in ["true", "0", "-1", "2.5", ""]:
        refused = api_client.get(SPACES, {"hub": hub.pk, "page_size": not_a_size})
        assert refused.status_code == 400 and list(refused.json()) == ["page_size"]
    for not_a_page in ["", "last", "0", "3", "1.5"]:
        missing = api_client.get(SPACES, {"hub": hub.pk, "page_size": 2, "page": not_a_page})
        assert missing.status_code == 404 and missing.json() == {"detail": "Invalid page."}


def test_a_list_holds_the_next_two_weeks_unless_from_or_to_say_otherwise(api_client, room):
    today = timezone.localdate()
    on = {n: today + datetime.timedelta(days=n) for n in (-1, 0, 13, 14, 40)}
    days = {n: BookingFactory(space=room, status=Booking.Status.CONFIRMED, starts_at=at(day, "10:00"),
                              ends_at=at(day, "11:00")) for n, day in on.items()}
    assert set(listed(api_client)) == {days[0].pk, days[13].pk}
    assert api_client.get(BOOKINGS).json()["count"] == 2
    assert set(listed(api_client, **{"from": (today - datetime.timedelta(days=1)).isoformat()})) == {
        days[-1].pk, days[0].pk}
    forty = (today + datetime.timedelta(days=40)).isoformat()
    assert set(listed(api_client, to=forty)) == {days[40].pk}  # the two weeks up to the end of `to`
    assert set(listed(api_client, space=room.pk, **{"from": today.isoformat(), "to": forty})) == {
        days[n].pk for n in (0, 13, 14, 40)}
    # One booking is found by its id whenever it is.
    assert api_client.get(f"{BOOKINGS}{days[40].pk}/").json()["id"] == days[40].pk


@pytest.mark.parametrize("params, message", [
    ({"from": "2026-03-01", "to": "2026-04-01"}, "Choose a window of 31 days or less (or give a `hub` or a "
                                                 "`space` for up to 366)."),
    ({"from": "2026-03-01", "to": "2027-03-02", "hub": 1}, "Choose a window of 366 days or less."),
    ({"from": "2026-03-02", "to": "2026-03-01"}, "`to` must be after `from`."),
    ({"from": "2026-03-01T10:00:00+00:00", "to": "2026-03-01T10:00:00+00:00"}, "`to` must be after `from`."),
])
def test_a_window_too_wide_or_backwards_is_a_400(api_client, params, message):
    response = api_client.get(BOOKINGS, params)
    assert response.status_code == 400
    assert response.json() == {"to": [message]}


def test_a_month_across_every_hub_or_a_year_of_one_is_listed(api_client, room):
    assert api_client.get(BOOKINGS, {"from": "2026-03-01", "to": "2026-03-31"}).status_code == 200
    assert api_client.get(BOOKINGS, {"from": "2026-03-01", "to": "2027-02-28", "space": room.pk}).status_code == 200


# --- Booking ----------------------------------------------------------------------------------------

def test_a_partner_books_and_the_request_awaits_approval(client_as, room, people):
    response = client_as("partner").post(BOOKINGS, request_body(room, booked_for="Tenants' association"))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == DETAIL_KEYS
    assert (body["status"], body["organisation"], body["booked_for"], body["attendees"]) == (
        "requested", "Shard End Community Trust", "Tenants' association", 8)
    booking = Booking.objects.get(pk=body["id"])
    assert (booking.requested_by, booking.organisation) == (people["partner"], people["partner"].organisation)
    assert when(body["starts_at"]) == booking.starts_at


def test_the_hubs_officer_books_and_it_is_confirmed(client_as, room):
    response = client_as("officer").post(BOOKINGS, request_body(room))
    assert response.status_code == 201 and response.json()["status"] == "confirmed"


@pytest.mark.parametrize("role, expected", [("partner", 400), ("resident", 400), ("other_officer", 400),
                                            ("officer", 201), ("admin", 201)])
def test_only_the_hubs_officers_book_for_another_organisation(client_as, room, people, role, expected):
    other = people["other_partner"].organisation
    response = client_as(role).post(BOOKINGS, request_body(room, organisation=other.pk))
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["organisation"] == "Another Charity"
    else:
        assert response.json() == {"organisation": [NOT_YOUR_ORGANISATION]}
        assert not Booking.objects.exists()
    own = people["partner"].organisation.pk
    assert client_as("partner").post(BOOKINGS, request_body(room, next_weekday(1), organisation=own)).status_code == 201


def test_anonymous_cannot_book(client_as, room):
    response = client_as("anonymous").post(BOOKINGS, request_body(room))
    assert response.status_code == 401
    assert not Booking.objects.exists()


@pytest.mark.parametrize("bookable_by, role, message", [
    (BookableBy.STAFF, "partner", "Community room is for council staff only: you cannot book it."),
    (BookableBy.PARTNERS, "resident", "Community room is for staff and partners: you cannot book it."),
    (BookableBy.NOBODY, "officer", "Community room cannot be booked."),
])
def test_a_space_not_open_to_the_user_is_a_403(client_as, room, bookable_by, role, message):
    room.bookable_by = bookable_by
    room.save()
    response = client_as(role).post(BOOKINGS, request_body(room))
    assert response.status_code == 403
    assert response.json() == {"detail": message}
    assert not Booking.objects.exists()


def test_missing_fields_are_named(client_as, room):
    response = client_as("partner").post(BOOKINGS, {})
    assert response.status_code == 400
    assert set(response.json()) == {"space", "starts_at", "ends_at", "purpose", "attendees"}
    assert response.json()["purpose"] == ["This field is required."]


@pytest.mark.parametrize("fields, field, message", [
    ({"attendees": 21}, "attendees", "Community room holds 20 people: 21 is too many."),
    ({"start": "08:00", "end": "10:00"}, "starts_at",
     "Shard End Hub is open 09:00 to 17:00 on Mondays: choose a time within those hours."),
    ({"day": 6}, "starts_at", "Shard End Hub is closed on Sundays."),
    ({"start": "12:00", "end": "11:00"}, "ends_at", services.ENDS_BEFORE_START),
    ({"attendees": 0}, "attendees", "Ensure this value is greater than or equal to 1."),
    ({"starts_at": "tomorrow at ten"}, "starts_at", None),
    ({"starts_at": "0999-01-01T10:00:00Z"}, "starts_at", OUT_OF_WINDOW.format(first=EVENTS.bounds()[0],
                                                                             last=EVENTS.bounds()[1])),
    ({"starts_at": "9999-12-28T10:00:00Z", "ends_at": "9999-12-28T11:00:00Z", "repeat": "weekly",
      "until": "9999-12-31"}, None, None),
    ({"space": 999999}, "space", 'Invalid pk "999999" - object does not exist.'),
    ({"repeat": "weekly"}, "until", UNTIL_MISSING),
    ({"until": "2027-01-01"}, "repeat", REPEAT_MISSING),
    ({"repeat": "daily", "until": "2027-01-01"}, "repeat", '"daily" is not a valid choice.'),
    # Strict JSON types: DRF alone would take 1.5 for the space 1, "8" for 8 and "true" for true.
    ({"space": 1.5}, "space", "Enter a whole number, without quotes."),
    ({"attendees": "8"}, "attendees", "Enter a whole number, without quotes."),
    ({"book_available": "true"}, "book_available", "Enter true or false, without quotes."),
    ({"purpose": 123}, "purpose", "Enter text, in quotes."),
    ({"repeat": 7}, "repeat", "Enter text, in quotes."),
])
def test_bad_input_is_a_400_with_the_reason(client_as, room, fields, field, message):
    day = next_weekday(fields.pop("day", 0))
    body = request_body(room, day, fields.pop("start", "10:00"), fields.pop("end", "12:00"))
    response = client_as("officer").post(BOOKINGS, {**body, **fields})
    assert response.status_code == 400
    if field is None:  # the ends of the calendar: every date field says so
        assert set(response.json()) == {"starts_at", "ends_at", "until"}
    else:
        assert list(response.json()) == [field]
    if message:
        assert response.json()[field] == [message]
    assert not Booking.objects.exists()


def test_a_conflict_is_a_409_naming_the_booking_that_holds_the_time(client_as, room, bookings):
    held = bookings["trust"]
    before = snapshot()
    response = client_as("other_partner").post(BOOKINGS, request_body(room, next_weekday(0), "11:00", "13:00"))
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == services.BookingConflict(held).message
    assert "already booked from 10:00 to 12:00" in body["detail"]
    assert set(body["conflict"]) == {"id", "starts_at", "ends_at"}
    assert body["conflict"]["id"] == held.pk
    assert (when(body["conflict"]["starts_at"]), when(body["conflict"]["ends_at"])) == (held.starts_at, held.ends_at)
    assert snapshot() == before


def test_a_weekly_booking_is_booked_on_every_date(client_as, room):
    first = next_weekday(3)
    until = first + datetime.timedelta(weeks=3)
    response = client_as("officer").post(BOOKINGS, request_body(room, first, repeat="weekly", until=str(until)))
    assert response.status_code == 201
    body = response.json()
    assert [when(b["starts_at"]).date() for b in body["bookings"]] == [
        first + datetime.timedelta(weeks=n) for n in range(4)]
    assert body["skipped"] == []
    assert {b["series"] for b in body["bookings"]} == {body["series"]}


def test_a_weekly_booking_with_dates_that_cannot_be_booked_is_a_409_listing_each_date(client_as, room, people):
    first = next_weekday(0)
    taken, closed = first + datetime.timedelta(weeks=1), first + datetime.timedelta(weeks=2)
    book(room, people["officer"], taken, "11:00", "11:30")
    Closure.objects.create(hub=room.hub, starts_on=closed, ends_on=closed, reason="Polling station")
    before = snapshot()
    body = request_body(room, first, "10:30", "12:30", repeat="weekly", until=str(closed))
    response = client_as("other_partner").post(BOOKINGS, body)
    assert response.status_code == 409
    refused = response.json()
    assert refused["detail"] == services.SERIES_HAS_CONFLICTS.format(n=2)
    assert [when(d["starts_at"]).date() for d in refused["dates"]] == [first, taken, closed]
    assert refused["dates"][0]["problem"] is None
    assert "already booked from 11:00 to 11:30" in refused["dates"][1]["problem"]
    assert "Polling station" in refused["dates"][2]["problem"]
    assert snapshot() == before
    response = client_as("other_partner").post(BOOKINGS, {**body, "book_available": True})
    assert response.status_code == 201
    assert [when(b["starts_at"]).date() for b in response.json()["bookings"]] == [first]
    assert [when(d["starts_at"]).date() for d in response.json()["skipped"]] == [taken, closed]


def test_a_weekly_booking_with_no_free_date_is_a_409_even_when_taking_the_free_ones(client_as, room, people):
    first = next_weekday(0)
    book(room, people["officer"], first, "11:00", "11:30")
    body = request_body(room, first, repeat="weekly", until=str(first), book_available=True)
    response = client_as("partner").post(BOOKINGS, body)
    assert response.status_code == 409
    assert response.json()["detail"] == services.SERIES_HAS_CONFLICTS.format(n=1)
    assert Booking.objects.count() == 1


# --- Approving, turning down and cancelling -----------------------------------------------------------

@pytest.mark.parametrize("role, expected", [
    ("anonymous", 401), ("partner", 403), ("other_partner", 403), ("other_officer", 403), ("resident", 403),
    ("officer", 200), ("admin", 200),
])
@pytest.mark.parametrize("decision, outcome", [("approve", "confirmed"), ("reject", "rejected")])
def test_only_the_hubs_managers_and_admins_decide(client_as, bookings, role, expected, decision, outcome):
    before = snapshot()
    response = client_as(role).post(f"{BOOKINGS}{bookings['trust'].pk}/{decision}/", {"note": "Seen."})
    assert response.status_code == expected
    if expected == 200:
        assert (response.json()["status"], response.json()["decision_note"]) == (outcome, "Seen.")
        assert Booking.objects.get(pk=bookings["trust"].pk).status == outcome
    else:
        assert "detail" in response.json()
        assert snapshot() == before


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 401), ("other_partner", 403), ("other_officer", 403), ("resident", 403),
    ("partner", 200), ("colleague", 200), ("officer", 200), ("admin", 200),
])
def test_those_concerned_cancel(client_as, bookings, role, expected):
    before = snapshot()
    response = client_as(role).post(f"{BOOKINGS}{bookings['trust'].pk}/cancel/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "cancelled"
    else:
        assert snapshot() == before


def test_deciding_twice_is_a_400(client_as, bookings):
    url = f"{BOOKINGS}{bookings['trust'].pk}/"
    assert client_as("officer").post(url + "approve/").status_code == 200
    response = client_as("officer").post(url + "reject/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [services.NOT_WAITING]}
    assert client_as("officer").post(url + "cancel/").status_code == 200
    response = client_as("officer").post(url + "cancel/")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [services.CANNOT_CANCEL.format(status="cancelled")]}


# --- Query counts do not grow with the rows -----------------------------------------------------------

def many_bookings(room, organisation, *, count, first_day=0):
    """One-hour bookings on consecutive days, inserted at once."""
    day = next_weekday(0, weeks_ahead=10) + datetime.timedelta(days=first_day)
    Booking.objects.bulk_create(
        Booking(space=room, organisation=organisation, purpose="Class", attendees=5, status=Booking.Status.CONFIRMED,
                starts_at=at(day + datetime.timedelta(days=n), "10:00"),
                ends_at=at(day + datetime.timedelta(days=n), "11:00"))
        for n in range(count))


@pytest.mark.parametrize("role, shape", [("anonymous", BUSY_SLOT_KEYS), ("officer", DETAIL_KEYS),
                                         ("partner", None)])
def test_booking_list_queries_do_not_grow(client_as, room, people, role, shape, grows_not):
    trust, other = people["partner"].organisation, people["other_partner"].organisation
    many_bookings(room, trust, count=1)

    def add():
        many_bookings(room, trust, count=20, first_day=1)
        many_bookings(room, other, count=20, first_day=21)

    first = next_weekday(0, weeks_ahead=10)
    window = {"space": room.pk, "from": first.isoformat(), "to": (first + datetime.timedelta(days=41)).isoformat()}
    body = grows_not(client_as(role), BOOKINGS, add, at_most=3, count=41, params=window)
    shapes = [set(b) for b in body["results"]]
    if shape:
        assert all(s == shape for s in shapes)
    else:  # the partner: its organisation's in full, the other charity's as busy slots
        assert shapes.count(DETAIL_KEYS) == 21 and shapes.count(BUSY_SLOT_KEYS) == 20
