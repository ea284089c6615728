"""The hubs partner API's hubs/{id}/occupancy/: who occupies a hub and how much its spaces are used,
for the hub's managers and admins."""

import datetime
from decimal import Decimal

import pytest

from hubs import services
from hubs.models import BookableBy, Occupancy
from hubs.selectors import PERIOD_BACKWARDS, PERIOD_TOO_LONG
from hubs.tests.factories import BookingFactory, SpaceFactory, at, next_weekday
from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.dates import EVENTS, OUT_OF_WINDOW

pytestmark = pytest.mark.django_db


def an_admin():
    """Who records an occupancy in these tests: an admin."""
    return UserFactory(admin=True)

HUBS = "/api/v1/hubs/"


@pytest.fixture
def occupied(hub, room):
    office = SpaceFactory(hub=hub, name="Office", floor_area_m2=Decimal("25"), bookable_by=BookableBy.NOBODY)
    SpaceFactory(hub=hub, name="Hall", floor_area_m2=Decimal("35"))
    today = datetime.date.today()
    nhs = OrganisationFactory(name="Birmingham Community Healthcare", kind="nhs_body")
    services.occupancy_save(user=an_admin(), hub=hub, organisation=nhs, spaces=[office],
                            agreement=Occupancy.Agreement.LEASE, starts_on=today - datetime.timedelta(days=400),
                            ends_on=today + datetime.timedelta(days=90), yearly_charge=Decimal("12000"))
    return hub


def occupancy_url(hub):
    return f"{HUBS}{hub.pk}/occupancy/"


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 401), ("partner", 403), ("resident", 403), ("other_officer", 403), ("officer", 200), ("admin", 200),
])
def test_occupancy_is_for_the_hubs_managers_and_admins(client_as, occupied, role, expected):
    response = client_as(role).get(occupancy_url(occupied))
    assert response.status_code == expected
    if expected != 200:
        assert "detail" in response.json()


def test_occupancy_figures(client_as, occupied, room, people):
    monday = next_weekday(0, weeks_ahead=-2)
    BookingFactory(space=room, starts_at=at(monday, "09:00"), ends_at=at(monday, "13:00"))
    body = client_as("officer").get(occupancy_url(occupied)).json()
    assert body["hub"] == {"id": occupied.pk, "name": "Shard End Hub"}
    [lease] = body["occupancies"]
    assert (lease["organisation"]["name"], lease["agreement"], lease["yearly_charge"]) == (
        "Birmingham Community Healthcare", "lease", "12000.00")
    assert [s["name"] for s in lease["spaces"]] == ["Office"]
    assert (body["total_area_m2"], body["occupied_area_m2"], body["vacant_area_m2"]) == ("100.0", "25.0", "75.0")
    assert (body["occupied_share"], body["vacant_share"], body["yearly_income"]) == (25.0, 75.0, "12000.00")
    assert [(e["organisation"], e["kind"]) for e in body["expiring"]] == [("Birmingham Community Healthcare", "ends")]
    usage = body["utilisation"]
    # By default the last four full weeks, Monday to Sunday.
    start, end = datetime.date.fromisoformat(usage["from"]), datetime.date.fromisoformat(usage["to"])
    assert (start.weekday(), end.weekday(), (end - start).days) == (0, 6, 27)
    assert end < datetime.date.today() <= end + datetime.timedelta(days=7)
    rows = {row["space"]["name"]: row for row in usage["by_space"]}
    assert set(rows) == {"Community room", "Hall"}  # the office is not bookable
    assert (rows["Community room"]["bookable_hours"], rows["Community room"]["booked_hours"]) == (160.0, 4.0)
    assert rows["Community room"]["rate"] == 2.5
    assert len(usage["by_week"]) == 4


def test_occupancy_for_a_period(client_as, occupied):
    body = client_as("admin").get(occupancy_url(occupied), {"from": "2026-11-30", "to": "2026-12-13"}).json()
    assert (body["utilisation"]["from"], body["utilisation"]["to"]) == ("2026-11-30", "2026-12-13")
    assert [w["week"] for w in body["utilisation"]["by_week"]] == ["2026-11-30", "2026-12-07"]


@pytest.mark.parametrize("params, field, message", [
    ({"from": "30/11/2026"}, "from", None),
    ({"to": "2026-02-30"}, "to", None),
    ({"from": "2026-12-01", "to": "2026-11-30"}, "to", PERIOD_BACKWARDS),
    ({"from": "2026-01-01", "to": "2027-06-30"}, "to", PERIOD_TOO_LONG),
    ({"from": "0001-01-01", "to": "2026-01-01"}, "from",
     OUT_OF_WINDOW.format(first=EVENTS.bounds()[0], last=EVENTS.bounds()[1])),
])
def test_occupancy_with_bad_dates_is_a_400(client_as, occupied, params, field, message):
    response = client_as("officer").get(occupancy_url(occupied), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    if message:
        assert response.json()[field] == [message]
