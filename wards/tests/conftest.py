"""Fixtures the wards tests share: one user of each role, a client signed in as one, and a fixed
"today"."""

import datetime

import pytest
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory, token_for
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory

SBHE, BALSALL_HEATH_WEST, SHARD_END = "E05011170", "E05011122", "E05011165"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


NOVEMBER = datetime.date(2026, 11, 30)


@pytest.fixture
def today_is(monkeypatch):
    """"Today" for the pages, services and rules is 30 November 2026 until the test calls
    `today_is(another_day)`; the local date of a given moment is as it is."""
    localdate = timezone.localdate
    day = {"today": NOVEMBER}
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: (
        day["today"] if value is None else localdate(value, timezone)))

    def set_today(new_day: datetime.date) -> None:
        day["today"] = new_day
    return set_today


@pytest.fixture
def people():
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "partner": UserFactory(partner=True),
        "officer": UserFactory(officer=True),
        "councillor_own": CouncillorSeatFactory(ward=ward(SBHE)).councillor,
        "councillor_other": CouncillorSeatFactory(ward=ward(SHARD_END)).councillor,
        "councillor_cross": CouncillorSeatFactory(ward=ward(BALSALL_HEATH_WEST)).councillor,
        "admin": UserFactory(admin=True),
    }


@pytest.fixture
def client_as(api_client, people):
    def sign_in(role):
        if people[role] is not None:
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people[role])}")
        return api_client

    return sign_in


def setup_admin():
    """The administrator who sets up a test's records through the services (one per test)."""
    from localism.accounts.models import User
    from localism.accounts.tests.factories import UserFactory

    return (User.objects.filter(username="setup-admin").first()
            or UserFactory(admin=True, username="setup-admin", first_name="Sam", last_name="Setup"))
