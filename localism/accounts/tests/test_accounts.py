import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from localism.accounts import rules as account_rules
from localism.accounts.models import Organisation, User
from localism.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, predicate", [
    ("councillor", account_rules.is_councillor),
    ("officer", account_rules.is_officer),
    ("partner", account_rules.is_partner),
    ("admin", account_rules.is_admin),
])
def test_role_predicates(role, predicate):
    user = UserFactory(**{role: True})
    assert predicate.test(user)
    assert not predicate.test(UserFactory())  # a resident
    from django.contrib.auth.models import AnonymousUser

    assert not predicate.test(AnonymousUser())


def test_organisation_kinds_cover_the_council_partners():
    assert {label for _, label in Organisation.Kind.choices} == {
        "Council directorate", "NHS body", "Housing association", "Police",
        "Voluntary and community organisation", "Social enterprise", "Private business",
        "Parish or town council",
    }


def test_demo_accounts_can_sign_in_and_are_idempotent(client, settings, capsys):
    settings.DEBUG = True
    call_command("demo_accounts")
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert "API token" in out
    assert User.objects.filter(username__in=["admin", "councillor", "officer", "partner"]).count() == 4
    assert User.objects.get(username="partner").organisation.kind == Organisation.Kind.NHS_BODY
    response = client.post("/accounts/login/", {"username": "councillor", "password": "localism-councillor"})
    assert response.status_code == 302 and client.session.get("_auth_user_id")
    assert User.objects.get(username="admin").is_staff


def test_demo_accounts_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_accounts")
    assert not User.objects.filter(username="admin").exists()


def test_sign_in_and_sign_out(client):
    UserFactory(username="cllr", councillor=True)
    page = client.get("/accounts/login/").content.decode()
    assert "<h1 class=\"govuk-heading-l\">Sign in</h1>" in page
    response = client.post("/accounts/login/", {"username": "cllr", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert "Sign out" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert "Sign in" in client.get("/").content.decode()


def test_wrong_password_is_explained(client):
    UserFactory(username="cllr")
    response = client.post("/accounts/login/", {"username": "cllr", "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password." in page


def test_empty_sign_in_names_each_missing_field(client):
    page = client.post("/accounts/login/", {}).content.decode()
    assert "Enter your username" in page and "Enter your password" in page


def test_a_person_without_a_name_is_shown_by_what_they_do_never_by_username(client):
    from wards.models import PlanStatus
    from wards.tests.factories_plans import ActionFactory

    officer = UserFactory(username="jsmith42", first_name="", last_name="", officer=True)
    action = ActionFactory(lead_officer=officer)
    plan = action.priority.plan
    plan.status = PlanStatus.PUBLISHED
    plan.save()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "jsmith42" not in page
    assert "Officer" in page
    officer.job_title = "Neighbourhood development officer"
    assert officer.display_name == "Neighbourhood development officer"
    partner = UserFactory(username="nhs7", first_name="", last_name="", partner=True)
    assert partner.display_name == f"Partner, {partner.organisation.name}"
