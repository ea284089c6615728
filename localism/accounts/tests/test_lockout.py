"""Password guessing is refused for a while, on the site and in admin, without letting a guesser
keep an account's owner out."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOCKED = "Too many attempts to sign in"


@pytest.fixture
def officer():
    return UserFactory(username="jsmith", officer=True)


def _sign_in(client, url, password, address="203.0.113.7"):
    return client.post(url, {"username": "jsmith", "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return bool(client.session.get("_auth_user_id"))


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_ten_wrong_passwords_then_the_right_one_is_refused_with_a_message(client, officer, url, settings):
    for _ in range(10):
        _sign_in(client, url, "guess")
    response = _sign_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "paused for 15 minutes" in response.content.decode()
    assert not _signed_in(client)


def test_after_the_lockout_period_the_right_password_works(client, officer):
    for _ in range(10):
        _sign_in(client, "/accounts/login/", "guess")
    assert _sign_in(client, "/accounts/login/", PASSWORD).status_code == 429
    # Fifteen minutes and a second later.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    response = _sign_in(client, "/accounts/login/", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)


def test_a_guesser_elsewhere_cannot_keep_the_owner_out(client, officer):
    for _ in range(10):
        _sign_in(client, "/accounts/login/", "guess", address="198.51.100.9")
    response = _sign_in(client, "/accounts/login/", PASSWORD, address="203.0.113.7")
    assert response.status_code == 302 and _signed_in(client)


def test_a_handful_of_mistakes_is_not_a_lockout(client, officer):
    for _ in range(4):
        assert _sign_in(client, "/accounts/login/", "guess").status_code == 200
    assert _sign_in(client, "/accounts/login/", PASSWORD).status_code == 302


def test_an_admin_sees_and_clears_lockouts(client, officer):
    for _ in range(6):
        _sign_in(client, "/accounts/login/", "guess")
    admin = UserFactory(admin=True)
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "jsmith" in page.content.decode()
    attempt = AccessAttempt.objects.get(username="jsmith")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    client.logout()
    assert _sign_in(client, "/accounts/login/", PASSWORD).status_code == 302
