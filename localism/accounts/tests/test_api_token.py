"""A partner's API token: created on a page that shows it once, seen afterwards only by its date
and last characters, revoked after a confirmation; nobody else may touch it."""

import pytest
from rest_framework.authtoken.models import Token

from localism.accounts import services
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Refused

pytestmark = pytest.mark.django_db

TOKEN_PAGE, REVOKE_PAGE = "/accounts/token/", "/accounts/token/revoke/"


@pytest.fixture
def partner(client):
    user = UserFactory(partner=True)
    client.force_login(user)
    return user


def test_a_partner_creates_a_token_and_sees_it_once(client, partner, api_client):
    assert "You have no API token." in client.get(TOKEN_PAGE).content.decode()
    response = client.post(TOKEN_PAGE)
    token = Token.objects.get(user=partner)
    assert response.status_code == 200
    assert token.key in response.content.decode() and "it will not be shown again" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # Afterwards: that one exists, when it was made and how it ends, never the key itself.
    later = client.get(TOKEN_PAGE).content.decode()
    assert token.key not in later
    assert f"Ends in <code>{token.key[-4:]}</code>" in later and "Revoke token" in later
    assert token.key not in client.get("/workspace/").content.decode()
    # The key is the partner's way into the API.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/bookings/").status_code == 200


def test_a_second_token_is_refused_while_one_exists(client, partner):
    client.post(TOKEN_PAGE)
    key = Token.objects.get(user=partner).key
    response = client.post(TOKEN_PAGE)
    assert response.status_code == 409
    assert services.TOKEN_EXISTS in response.content.decode() and key not in response.content.decode()
    assert list(Token.objects.filter(user=partner).values_list("key", flat=True)) == [key]


def test_a_partner_revokes_their_token_after_confirming_and_can_create_a_new_one(client, partner, api_client):
    old = services.api_token_create(user=partner).key
    confirm = client.get(REVOKE_PAGE).content.decode()
    assert "Are you sure you want to revoke your API token?" in confirm and old[-4:] in confirm
    assert Token.objects.filter(key=old).exists()  # asking is not revoking
    response = client.post(REVOKE_PAGE, follow=True)
    assert response.redirect_chain[-1][0] == TOKEN_PAGE
    assert "Your API token is revoked" in response.content.decode()
    assert not Token.objects.filter(user=partner).exists()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api_client.get("/api/v1/wards/").status_code == 401
    new = client.post(TOKEN_PAGE)
    assert new.status_code == 200 and Token.objects.get(user=partner).key != old


def test_revoking_without_a_token_says_so_and_changes_nothing(client, partner):
    other = services.api_token_create(user=UserFactory(partner=True))
    response = client.post(REVOKE_PAGE, follow=True)
    assert "You have no API token to revoke." in response.content.decode()
    assert Token.objects.filter(pk=other.pk).exists()


def test_the_revocation_needs_a_valid_form_submission(partner):
    from django.test import Client

    token = services.api_token_create(user=partner)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(partner)
    assert strict.post(REVOKE_PAGE).status_code == 403
    assert Token.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("role", ["anonymous", "resident", "councillor", "officer"])
@pytest.mark.parametrize("method, path", [("get", TOKEN_PAGE), ("post", TOKEN_PAGE), ("get", REVOKE_PAGE),
                                          ("post", REVOKE_PAGE)])
def test_only_partners_have_a_token_page(client, role, method, path):
    if role != "anonymous":
        user = UserFactory(**({role: True} if role != "resident" else {}))
        Token.objects.create(user=user)  # even one made in admin is not theirs to manage here
        client.force_login(user)
    response = getattr(client, method)(path)
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403
        assert Token.objects.filter(user=user).count() == 1


def test_a_partner_cannot_revoke_another_partners_token():
    mine, theirs = UserFactory(partner=True), UserFactory(partner=True)
    token = services.api_token_create(user=theirs)
    with pytest.raises(Refused):
        services.api_token_revoke(user=mine, token=token)
    assert Token.objects.filter(pk=token.pk).exists()


@pytest.mark.parametrize("role", ["councillor", "officer", "resident"])
def test_only_partners_may_create_a_token(role):
    user = UserFactory(**({role: True} if role != "resident" else {}))
    with pytest.raises(Refused):
        services.api_token_create(user=user)
    assert not Token.objects.filter(user=user).exists()
