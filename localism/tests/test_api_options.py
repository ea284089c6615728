"""Every API route answers OPTIONS (DRF's metadata, and a browser's CORS preflight), for anyone:
never a 500."""

import pytest
from django.urls import get_resolver

from localism.accounts.tests.factories import UserFactory, token_for
from localism.api import router

pytestmark = pytest.mark.django_db


def _routes() -> list[str]:
    paths = []
    for prefix, _viewset, _basename in router.registry:
        paths.append(f"/api/v1/{prefix}/")
        paths.append(f"/api/v1/{prefix}/1/")
    return paths + ["/api/v1/", "/api/v1/schema/", "/api/v1/docs/"]


@pytest.mark.parametrize("who", ["anonymous", "partner", "admin"])
def test_options_is_answered_on_every_route(api_client, who):
    if who != "anonymous":
        user = UserFactory(**{who: True})
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    answers = {path: api_client.options(path).status_code for path in _routes()}
    assert not {path: code for path, code in answers.items() if code >= 500}
    assert answers["/api/v1/wards/"] == 200 and answers["/api/v1/bookings/"] == 200


def test_the_routes_checked_are_the_routers():
    assert len(_routes()) == 2 * len(router.registry) + 3
    assert get_resolver().resolve("/api/v1/wards/")
