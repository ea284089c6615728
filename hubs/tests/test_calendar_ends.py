"""The hub officers' week, dashboard and booking pages at the ends of the calendar: a date
outside the window the domain allows for bookings (localism.core.dates.EVENTS, 10 years back and
5 ahead) is answered with a clear message (400), the page shows a week or a period it can, and
nothing is computed beyond the calendar. "Today" is a fixed day in these tests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hubs.models import Booking
from hubs.selectors import utilisation, week_view
from hubs.services.bookings import series_dates
from hubs.tests.factories import HubFactory, SpaceFactory
from localism.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)  # so the window runs from 1 January 2016 to 31 December 2031
OUTSIDE = "Enter a date between 1 January 2016 and 31 December 2031"


@pytest.fixture(autouse=True)
def today_is_a_fixed_day(monkeypatch):
    """"Today", for the pages and the window, is TODAY; the local date of a given moment is as it is."""
    localdate = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        TODAY if value is None else localdate(value, timezone)))


@pytest.fixture
def officer(client):
    user = UserFactory(officer=True)
    client.force_login(user)
    return user


@pytest.fixture
def hub(officer):
    return HubFactory(name="Shard End Hub", managers=[officer])


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "31/12/9999", "01/01/0001", "2032-01-01",
                                 "2015-12-31"])
def test_the_week_of_a_day_outside_the_window_is_explained(client, hub, day):
    response = client.get(reverse("hubs:week", args=[hub.slug]), {"date": day})
    assert response.status_code == 400
    assert OUTSIDE in page(response)
    assert 'href="#id_date"' in page(response)  # the error summary links to the field


def test_the_last_week_of_the_window_shows_and_offers_no_week_after_it(client, hub):
    response = client.get(reverse("hubs:week", args=[hub.slug]), {"date": "2031-12-31"})
    assert response.status_code == 200
    assert response.context["days"][0] == datetime.date(2031, 12, 29)
    assert f"/hubs/{hub.slug}/week/?date=2031-12-22" in page(response)
    assert 'rel="next"' not in page(response)


def test_the_first_week_of_the_window_shows_and_offers_no_week_before_it(client, hub):
    response = client.get(reverse("hubs:week", args=[hub.slug]), {"date": "2016-01-01"})
    assert response.status_code == 200
    assert response.context["days"][0] == datetime.date(2015, 12, 28)
    assert f"/hubs/{hub.slug}/week/?date=2016-01-04" in page(response)
    assert 'rel="prev"' not in page(response)


@pytest.mark.parametrize("start, end", [("31/12/9999", "31/12/9999"), ("01/01/0001", "07/01/0001"),
                                        ("9999-12-25", "9999-12-31"), ("25/12/2031", "04/01/2032")])
def test_dashboard_figures_for_a_period_outside_the_window_are_explained(client, hub, start, end):
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"from": start, "to": end})
    assert response.status_code == 400
    assert OUTSIDE in page(response)
    assert response.context["usage"].end <= datetime.date(2031, 12, 31)  # the default period instead


def test_dashboard_figures_for_the_last_days_of_the_window(client, hub):
    response = client.get(reverse("hubs:dashboard", args=[hub.slug]), {"from": "22/12/2031", "to": "31/12/2031"})
    assert response.status_code == 200
    usage = response.context["usage"]
    assert (usage.start, usage.end) == (datetime.date(2031, 12, 22), datetime.date(2031, 12, 31))


@pytest.mark.parametrize("day, until", [("28/12/9999", "31/12/9999"), ("28/12/9999", ""),
                                        ("01/01/0001", "08/01/0001"), ("29/12/2031", "05/01/2032")])
def test_a_weekly_booking_at_the_end_of_the_calendar_is_refused_with_a_message(client, hub, day, until):
    room = SpaceFactory(hub=hub, name="Community room", capacity=20)
    response = client.post(reverse("hubs:book", args=[hub.slug]), {
        "space": room.pk, "date": day, "start_time": "10:00", "end_time": "12:00", "purpose": "Advice surgery",
        "attendees": "8", "repeat": "1", "until": until})
    assert response.status_code == 400
    assert OUTSIDE in page(response)
    assert not Booking.objects.exists()


def test_the_services_and_selectors_never_count_days_beyond_the_calendar(hub):
    starts = datetime.datetime(2026, 6, 15, 10, tzinfo=timezone.get_current_timezone())
    with pytest.raises(ValidationError) as refused:
        series_dates(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), every_weeks=1,
                     until=datetime.date(9999, 12, 31))
    assert refused.value.message_dict == {"until": [OUTSIDE]}
    for day in (datetime.date(9999, 12, 31), datetime.date(1, 1, 1)):
        with pytest.raises(ValidationError):
            week_view(hub, week_start=day)
        with pytest.raises(ValidationError) as refused:
            utilisation(hub, start=day, end=day)
        assert refused.value.message_dict == {"from": [OUTSIDE], "to": [OUTSIDE]}
