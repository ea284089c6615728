"""The fixtures of the hubs partner API's tests: who signs in, Shard End Hub and its community room,
and the check that a list's queries do not grow with its rows."""

from decimal import Decimal

import pytest

from hubs.tests.factories import HubFactory, SpaceFactory
from localism.accounts.tests.factories import OrganisationFactory, UserFactory, token_for
from wards.models import Ward

SPARKBROOK = "E05011170"


@pytest.fixture
def people():
    charity = OrganisationFactory(name="Shard End Community Trust")
    return {
        "anonymous": None,
        "officer": UserFactory(officer=True, username="hub-officer", email="hub.officer@example.org"),
        "other_officer": UserFactory(officer=True),
        "partner": UserFactory(partner=True, organisation=charity, username="trust-worker",
                               email="trust.worker@example.org"),
        "colleague": UserFactory(partner=True, organisation=charity),
        "other_partner": UserFactory(partner=True, organisation=OrganisationFactory(name="Another Charity")),
        "resident": UserFactory(),
        "admin": UserFactory(admin=True),
    }


@pytest.fixture
def hub(people):
    hub = HubFactory(name="Shard End Hub", managers=[people["officer"]], accessibility="Step-free entrance.")
    HubFactory(name="Elsewhere Hub", ward=Ward.objects.current().get(gss_code=SPARKBROOK),
               managers=[people["other_officer"]])
    return hub


@pytest.fixture
def room(hub):
    return SpaceFactory(hub=hub, name="Community room", capacity=20, floor_area_m2=Decimal("40"))


@pytest.fixture
def client_as(api_client, people):
    def sign_in(role):
        api_client.credentials()
        if people[role] is not None:
            api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people[role])}")
        return api_client

    return sign_in


@pytest.fixture
def grows_not(django_assert_max_num_queries, django_assert_num_queries):
    """Lists `url`, adds rows, lists it again: the same queries, however many rows."""

    def check(client, url, add_rows, *, at_most: int, count: int, params: dict | None = None):
        params = {**(params or {}), "page_size": 500}
        with django_assert_max_num_queries(at_most) as small:
            assert client.get(url, params).status_code == 200
        add_rows()
        with django_assert_num_queries(len(small.captured_queries)):
            body = client.get(url, params).json()
        assert body["count"] == count
        return body

    return check
