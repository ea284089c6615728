"""The dashboard's charts a manager can read, and a hub's week a day at a time on a phone."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from hubs.templatetags.hub_tags import bar_chart
from hubs.tests.factories import BookingFactory, HubFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_no_line_of_a_chart_crosses_its_words():
    chart = bar_chart([("Community room", 5), ("Hall", 24.9), ("A space with a very long name indeed", 100)],
                      title="Utilisation by space")
    plot = (chart["label_width"], chart["label_width"] + 330)
    assert chart["low_x"] > plot[0]
    for row in chart["rows"]:
        # Labels end before the plot; figures start after it; the 25% line is inside it.
        assert chart["value_x"] > plot[1] >= chart["low_x"]
        assert len(row["label"]) <= 26
    assert chart["rows"][0]["text"] == "5% (low use)"


def test_the_chart_fills_its_column_in_the_pages_font(client):
    officer = UserFactory(officer=True)
    hub = HubFactory(managers=[officer])
    SpaceFactory(hub=hub)
    client.force_login(officer)
    page = client.get(reverse("hubs:dashboard", args=[hub.slug])).content.decode()
    svgs = re.findall(r"<svg class=\"app-chart\"[^>]*>", page)
    assert len(svgs) == 3  # income, by space, by week
    assert all('width="100%"' in svg and 'viewBox="0 0 690 ' in svg for svg in svgs)
    css = Path(settings.BASE_DIR, "static/govuk/localism.css").read_text()
    rule = re.search(r"\.app-chart\{([^}]*)\}", css)
    assert rule and "font-family:arial,sans-serif" in rule.group(1) and "width:100%" in rule.group(1)


def test_the_week_shows_one_day_with_links_to_the_days_around_it(client):
    officer = UserFactory(officer=True)
    hub = HubFactory(managers=[officer])
    room = SpaceFactory(hub=hub, name="Community room")
    wednesday = next_weekday(2)
    BookingFactory(space=room, starts_at=at(wednesday, "10:00"), ends_at=at(wednesday, "11:00"), status="confirmed")
    BookingFactory(space=room, starts_at=at(wednesday + datetime.timedelta(days=1), "15:00"),
                   ends_at=at(wednesday + datetime.timedelta(days=1), "16:00"), status="confirmed")
    client.force_login(officer)
    url = reverse("hubs:week", args=[hub.slug])
    response = client.get(url, {"date": f"{wednesday:%Y-%m-%d}"})
    day = response.content.decode().split('id="day"')[1].split("app-week-table")[0]
    assert f"{wednesday:%A %-d %B}" in day
    assert "10:00–11:00" in day and "15:00–16:00" not in day  # Thursday's is on Thursday's page
    for other in (wednesday - datetime.timedelta(days=1), wednesday + datetime.timedelta(days=1)):
        assert f'href="{url}?date={other:%Y-%m-%d}#day"' in day
    assert 'aria-current="page"' in day
