"""The pages' and services' tests' usual cast: a hub officer, the hub they run (Shard End Hub)
and its community room. A test module imports the fixtures it uses from here."""

import pytest

from hubs.tests.factories import HubFactory, SpaceFactory
from localism.accounts.tests.factories import UserFactory


@pytest.fixture
def officer():
    return UserFactory(officer=True)


@pytest.fixture
def hub(officer):
    return HubFactory(name="Shard End Hub", managers=[officer])


@pytest.fixture
def room(hub):
    return SpaceFactory(hub=hub, name="Community room", capacity=20)
