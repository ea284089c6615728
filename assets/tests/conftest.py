"""Fixtures the asset register's tests share: one person of each role (an asset officer in the
"Asset officers" group; a hub officer, an officer without the permission), the register files."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from localism.accounts.tests.factories import UserFactory

DATA = Path(__file__).resolve().parent / "data"
CHELTENHAM = DATA / "example-transparency-code-land-assets-cheltenham-2021.csv"


def asset_officer():
    user = UserFactory(officer=True)
    user.groups.add(Group.objects.get(name="Asset officers"))
    return user


@pytest.fixture
def people():
    return {
        "asset_officer": asset_officer(),
        "admin": UserFactory(admin=True),
        "hub_officer": UserFactory(officer=True),
        "councillor": UserFactory(councillor=True),
        "partner": UserFactory(partner=True),
        "resident": UserFactory(),
        "anonymous": None,
    }


@pytest.fixture
def officer():
    return asset_officer()


@pytest.fixture
def cheltenham() -> bytes:
    return CHELTENHAM.read_bytes()
