"""Managing a booking after it is made: changing it, a repeating booking as a whole, turning a
request down with a reason, the free and busy times partners see when they book, and the
contact for the day, who sees it and when it goes."""

import datetime

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from hubs import services
from hubs.models import Booking
from hubs.tests.factories import BookingFactory, at, next_weekday
from localism.accounts.tests.factories import token_for
from localism.core.errors import Invalid, Refused

pytestmark = pytest.mark.django_db

CONTACT = {"contact_name": "Sam Okafor", "contact_phone": "0121 303 1111", "contact_email": "sam@example.org"}
NOW = datetime.datetime(2026, 12, 2, 2, 45, tzinfo=datetime.UTC)


def book(room, user, day, start="10:00", end="12:00", **kw):
    return services.booking_create(space=room, requester=user, starts_at=at(day, start), ends_at=at(day, end),
                                   purpose=kw.pop("purpose", "Money advice drop-in"), attendees=kw.pop("attendees", 8),
                                   contact=kw.pop("contact", CONTACT), **kw)


def change_data(room, day, start="10:00", end="12:00", **extra):
    return {"space": room.pk, "date": f"{day:%d/%m/%Y}", "start_time": start, "end_time": end,
            "purpose": "Money advice drop-in", "attendees": "8", **CONTACT, **extra}


def text(response) -> str:
    return response.content.decode()


# Changing a booking


def test_a_partner_moves_their_booking_and_the_change_is_in_its_history(client, people, room):
    day = next_weekday(0)
    booking = book(room, people["partner"], day)
    client.force_login(people["colleague"])
    response = client.post(reverse("hubs:booking-change", args=[booking.pk]), change_data(room, day, "13:00", "15:00"))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(day, "13:00")
    page = text(client.get(reverse("hubs:booking", args=[booking.pk])))
    assert "Changed" in page and "13:00 to 15:00" in page


def test_a_change_that_would_clash_is_refused_naming_the_clashing_booking(client, people, room):
    day = next_weekday(1)
    mine = book(room, people["partner"], day, "10:00", "11:00")
    book(room, people["officer"], day, "14:00", "16:00")
    client.force_login(people["partner"])
    response = client.post(reverse("hubs:booking-change", args=[mine.pk]), change_data(room, day, "15:00", "16:30"))
    assert response.status_code == 409
    assert f"Community room is already booked from 14:00 to 16:00 on {day:%-d %B %Y}." in text(response)
    # and the nearest free times of the same length are offered
    assert "Free times of the same length in Community room" in text(response)
    mine.refresh_from_db()
    assert mine.starts_at == at(day, "10:00")


def test_a_change_is_checked_against_opening_hours_and_capacity(client, people, room):
    day = next_weekday(2)
    mine = book(room, people["partner"], day)
    client.force_login(people["partner"])
    url = reverse("hubs:booking-change", args=[mine.pk])
    late = client.post(url, change_data(room, day, "16:00", "18:00"))
    assert late.status_code == 400 and "Shard End Hub is open 09:00 to 17:00 on" in text(late)
    crowded = client.post(url, change_data(room, day, attendees="21"))
    assert crowded.status_code == 400 and "Community room holds 20 people: 21 is too many." in text(crowded)


def test_a_started_booking_cannot_be_changed_by_its_requester_but_by_the_hubs_officer(client, people, room):
    past = BookingFactory(space=room, requested_by=people["partner"], organisation=people["partner"].organisation,
                          starts_at=at(datetime.date.today() - datetime.timedelta(days=7), "10:00"),
                          status=Booking.Status.CONFIRMED)
    client.force_login(people["partner"])
    assert client.get(reverse("hubs:booking-change", args=[past.pk])).status_code == 403
    with pytest.raises(Refused):
        services.booking_update(booking=past, user=people["partner"], space=room, starts_at=past.starts_at,
                                ends_at=past.ends_at, purpose="Changed", attendees=2)


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("other_partner", 403), ("other_officer", 403),
                                         ("resident", 403), ("partner", 200), ("colleague", 200), ("officer", 200),
                                         ("admin", 200)])
@pytest.mark.parametrize("page", ["hubs:booking-change", "hubs:booking-series"])
def test_who_may_open_the_change_and_series_pages(client, people, room, who, status, page):
    day = next_weekday(0)
    result = services.booking_series_create(space=room, requester=people["partner"], starts_at=at(day, "10:00"),
                                            ends_at=at(day, "11:00"), purpose="Job club", attendees=5, every_weeks=1,
                                            until=day + datetime.timedelta(weeks=2), contact=CONTACT)
    if people[who]:
        client.force_login(people[who])
    response = client.get(reverse(page, args=[result.booked[0].pk]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"]
    posted = client.post(reverse("hubs:booking-series", args=[result.booked[0].pk]), {"scope": "all"})
    assert (posted.status_code in (302, 403)) and (Booking.objects.filter(status="cancelled").exists()
                                                    == (status == 200))


# Repeating bookings


def series(room, user, weeks=4):
    day = next_weekday(3)
    return services.booking_series_create(space=room, requester=user, starts_at=at(day, "10:00"),
                                          ends_at=at(day, "11:00"), purpose="Job club", attendees=5, every_weeks=1,
                                          until=day + datetime.timedelta(weeks=weeks - 1), contact=CONTACT).booked


def test_the_booking_page_shows_every_date_of_its_series(client, people, room):
    dates = series(room, people["partner"])
    client.force_login(people["partner"])
    page = text(client.get(reverse("hubs:booking", args=[dates[1].pk])))
    assert "Part of a repeating booking of 4 dates" in page
    for date in dates:
        assert f"{date.starts_at:%a} {date.starts_at.day} {date.starts_at:%b %Y}" in page


def test_cancelling_the_rest_of_a_series_keeps_the_earlier_dates(client, people, room):
    dates = series(room, people["partner"])
    client.force_login(people["partner"])
    response = client.post(reverse("hubs:booking-series", args=[dates[2].pk]), {"scope": "following", "note": ""})
    assert response.status_code == 302
    statuses = list(Booking.objects.filter(series=dates[0].series).order_by("starts_at").values_list("status",
                                                                                                   flat=True))
    assert statuses == ["requested", "requested", "cancelled", "cancelled"]


def test_cancelling_one_date_or_all_of_a_series(people, room):
    dates = series(room, people["partner"])
    assert len(services.booking_series_cancel(booking=dates[1], user=people["partner"], scope="one")) == 1
    assert len(services.booking_series_cancel(booking=dates[3], user=people["officer"], scope="all")) == 3
    with pytest.raises(Invalid):
        services.booking_series_cancel(booking=dates[0], user=people["partner"], scope="all")


def test_a_bad_scope_is_a_plain_message(client, people, room):
    dates = series(room, people["partner"])
    client.force_login(people["partner"])
    response = client.post(reverse("hubs:booking-series", args=[dates[0].pk]), {"scope": "everything"})
    assert response.status_code == 400 and "Choose which dates to cancel" in text(response)
    assert not Booking.objects.filter(status="cancelled").exists()


def test_book_none_on_the_dates_page_returns_the_form_filled_in(client, people, room, hub):
    day = next_weekday(0)
    book(room, people["officer"], day + datetime.timedelta(weeks=1), "10:00", "11:00")
    client.force_login(people["partner"])
    data = {**change_data(room, day, "10:00", "11:00", purpose="Job club"), "repeat": "1",
            "until": f"{day + datetime.timedelta(weeks=2):%d/%m/%Y}"}
    clash = client.post(reverse("hubs:book", args=[hub.slug]), data)
    assert clash.status_code == 409 and "Book none and change the details" in text(clash)
    again = client.post(reverse("hubs:book", args=[hub.slug]), {**data, "change": "1"})
    assert again.status_code == 200
    assert 'value="Job club"' in text(again) and 'value="Sam Okafor"' in text(again)
    assert not Booking.objects.filter(requested_by=people["partner"]).exists()


# Turning a request down


def test_turning_a_request_down_needs_a_reason_which_the_partner_sees(client, people, room, api_client):
    request = book(room, people["partner"], next_weekday(1))
    client.force_login(people["officer"])
    client.post(reverse("hubs:booking-reject", args=[request.pk]), {"note": ""})
    request.refresh_from_db()
    assert request.status == Booking.Status.REQUESTED
    client.post(reverse("hubs:booking-reject", args=[request.pk]), {"note": "The room is being painted."})
    request.refresh_from_db()
    assert request.status == Booking.Status.REJECTED
    client.force_login(people["colleague"])
    assert "Reason for turning it down" in text(client.get(reverse("hubs:booking", args=[request.pk])))
    assert "Reason: The room is being painted." in text(client.get(reverse("hubs:my-bookings")))
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people['partner'])}")
    assert api_client.get(f"/api/v1/bookings/{request.pk}/").json()["decision_note"] == "The room is being painted."


def test_a_reason_longer_than_the_record_keeps_is_refused(people, room):
    request = book(room, people["partner"], next_weekday(1))
    with pytest.raises(Exception, match="300"):
        services.booking_reject(booking=request, user=people["officer"], note="x" * 301)


# Free and busy


def test_a_partner_sees_another_organisations_booking_only_as_busy(client, people, room, hub):
    day = next_weekday(0)
    book(room, people["other_partner"], day, "10:00", "12:00", purpose="Private counselling",
         contact={"contact_name": "Robin Hale", "contact_phone": "07700 900123", "contact_email": "robin@example.org"})
    client.force_login(people["partner"])
    page = text(client.get(reverse("hubs:book", args=[hub.slug]), {"space": room.pk, "week": f"{day:%d/%m/%Y}"}))
    assert "10:00–12:00: Busy" in page
    for secret in ("Private counselling", "Robin Hale", "07700 900123", "robin@example.org", "Another Charity"):
        assert secret not in page


def test_the_free_busy_week_costs_the_same_queries_however_many_bookings(client, people, room, hub,
                                                                         django_assert_num_queries,
                                                                         django_assert_max_num_queries):
    day = next_weekday(0)
    client.force_login(people["partner"])
    url, params = reverse("hubs:book", args=[hub.slug]), {"space": room.pk, "week": f"{day:%d/%m/%Y}"}
    book(room, people["other_partner"], day, "09:00", "10:00")
    client.get(url, params)
    with django_assert_max_num_queries(40) as few:
        client.get(url, params)
    for hour in range(10, 16):
        book(room, people["other_partner"], day + datetime.timedelta(days=1), f"{hour}:00", f"{hour}:30")
    with django_assert_num_queries(len(few.captured_queries)):
        assert text(client.get(url, params)).count(": Busy") == 7


def test_free_slots_are_the_nearest_of_the_same_length_within_opening_hours(people, room):
    day = next_weekday(0)
    book(room, people["officer"], day, "09:00", "12:00")
    slots = services.free_slots(space=room, starts_at=at(day, "10:00"), ends_at=at(day, "12:00"))
    assert slots == [(at(day, "12:00"), at(day, "14:00")), (at(day, "12:30"), at(day, "14:30")),
                     (at(day, "13:00"), at(day, "15:00"))]
    friday = day + datetime.timedelta(days=4)
    late = services.free_slots(space=room, starts_at=at(friday, "16:00"), ends_at=at(friday, "17:00"), count=2)
    assert late == [(at(friday, "16:00"), at(friday, "17:00")), (at(day + datetime.timedelta(days=7), "09:00"),
                                                                 at(day + datetime.timedelta(days=7), "10:00"))]


# The contact for the day


def test_a_partner_must_name_a_contact_with_a_real_phone_number(client, people, room, hub):
    client.force_login(people["partner"])
    day = next_weekday(0)
    url = reverse("hubs:book", args=[hub.slug])
    nameless = client.post(url, {**change_data(room, day), "repeat": "0", "contact_name": ""})
    assert nameless.status_code == 400
    assert "Enter the name of the person responsible on the day" in text(nameless)
    bad_phone = client.post(url, {**change_data(room, day), "repeat": "0", "contact_phone": "call me"})
    assert bad_phone.status_code == 400 and "Enter a phone number, like 0121 303 1111" in text(bad_phone)
    assert not Booking.objects.exists()


def test_the_contact_is_absent_from_the_api_for_other_organisations(people, room, api_client):
    booking = book(room, people["partner"], next_weekday(0))
    for who in ("other_partner", "resident", None):
        api_client.credentials()
        if who:
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people[who])}")
        body = api_client.get("/api/v1/bookings/").json()["results"]
        assert body and all("contact_name" not in b and "Sam Okafor" not in str(b) for b in body)
        assert "contact_phone" not in api_client.get(f"/api/v1/bookings/{booking.pk}/").json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people['colleague'])}")
    assert api_client.get(f"/api/v1/bookings/{booking.pk}/").json()["contact_name"] == "Sam Okafor"


def test_the_contact_is_blanked_after_the_period_and_not_before(settings, room):
    settings.BOOKING_CONTACT_DAYS = 90
    ends = NOW - datetime.timedelta(days=90)
    old = BookingFactory(space=room, starts_at=ends - datetime.timedelta(hours=2, seconds=1),
                         ends_at=ends - datetime.timedelta(seconds=1), **CONTACT)
    # Right after it in the same room (bookings that hold a slot never overlap in one space).
    recent = BookingFactory(space=room, starts_at=ends - datetime.timedelta(seconds=1),
                            ends_at=ends + datetime.timedelta(seconds=1), **CONTACT)
    assert services.booking_contacts_remove_expired(now=NOW) == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (old.contact_name, old.contact_phone, old.contact_email) == ("", "", "")
    assert recent.contact_name == "Sam Okafor"
    assert not Booking.history.filter(id=old.pk).exclude(contact_name="").exists()
    assert services.booking_contacts_remove_expired(now=NOW) == 0


def test_the_nightly_contact_removal_is_scheduled():
    task = PeriodicTask.objects.get(name="remove-expired-booking-contacts-nightly")
    assert task.task == "hubs.tasks.remove_expired_booking_contacts"


def test_the_privacy_notice_states_the_contact_period(client, settings):
    settings.BOOKING_CONTACT_DAYS = 45
    assert "is deleted automatically 45 days after the booking" in text(client.get("/privacy/"))


def test_a_suggested_free_time_can_be_booked_from_the_page_that_offers_it(client, people, room, hub):
    day = next_weekday(3)
    book(room, people["officer"], day, "10:00", "12:00")
    client.force_login(people["partner"])
    url = reverse("hubs:book", args=[hub.slug])
    clash = client.post(url, change_data(room, day, "11:00", "12:00"))
    assert clash.status_code == 409
    assert "Book this time" in text(clash)
    suggestion = clash.context["suggestions"][0]
    fields = dict(suggestion["fields"])
    assert fields["purpose"] == "Money advice drop-in" and fields["date"] == f"{day:%d/%m/%Y}"
    assert f'name="start_time" value="{fields["start_time"]}"' in text(clash)
    booked = client.post(url, fields)
    assert booked.status_code == 302
    mine = Booking.objects.get(space=room, requested_by=people["partner"])
    assert (mine.starts_at, mine.ends_at) == (suggestion["starts_at"], suggestion["ends_at"])


def test_a_suggested_time_on_the_change_page_changes_the_booking(client, people, room):
    day = next_weekday(4)
    mine = book(room, people["partner"], day, "09:00", "10:00")
    book(room, people["officer"], day, "14:00", "16:00")
    client.force_login(people["partner"])
    url = reverse("hubs:booking-change", args=[mine.pk])
    clash = client.post(url, change_data(room, day, "14:00", "15:00"))
    assert clash.status_code == 409 and "Change to this time" in text(clash)
    suggestion = clash.context["suggestions"][0]
    assert client.post(url, dict(suggestion["fields"])).status_code == 302
    mine.refresh_from_db()
    assert (mine.starts_at, mine.ends_at) == (suggestion["starts_at"], suggestion["ends_at"])
