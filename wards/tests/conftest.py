"""Fixtures the wards tests share: one user of each role and a client signed in as one. (The
fixed "today", `today_is`, is the suite's: see the conftest at the top.)"""

import pytest

from localism.accounts.tests.factories import UserFactory, token_for
from wards.models import Ward
from wards.tests.factories import CouncillorSeatFactory

SBHE, BALSALL_HEATH_WEST, SHARD_END = "E05011170", "E05011122", "E05011165"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


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
