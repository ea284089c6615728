"""Residents' accounts: registering, confirming the address, their own page, withdrawing,
changing details and deleting the account. Who may do what is proved with the wrong user."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from localism.accounts.models import User
from localism.accounts.tests.factories import UserFactory
from localism.celery import app as celery_app
from wards.models import Postcode

from ..models import AboutYou, Answer, ConsultationStatus, Idea, IdeaStatus, ResidentProfile, Response, Support
from ..services import residents as services
from ..views.residents import YOURS_PER_PAGE
from .factories import ConsultationFactory, IdeaFactory, QuestionFactory, SupportFactory, respond, sbhe

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk by the canal"
REGISTER = {"name": "Amira Begum", "email": "amira@example.org", "password": PASSWORD, "postcode": "b12 9dp"}


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    """The tasks run in the test's process, when they are queued (after the commit)."""
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)


def register(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("engagement:resident-register"), {**REGISTER, **changes})


def link_in(message) -> str:
    return re.search(r"http://testserver(/residents/confirm/[^\s]+/)", message.body).group(1)


def resident(email="rita@example.org", confirmed=True, postcode="B12 9DP") -> User:
    user = UserFactory(username=email, email=email, role=User.Role.RESIDENT)
    ResidentProfile.objects.create(user=user, postcode=postcode, ward=sbhe(),
                                   email_confirmed_at=timezone.now() if confirmed else None)
    return user


# --- Registering and confirming -------------------------------------------------------------

def test_registering_creates_a_resident_and_emails_the_link_after_the_commit(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(reverse("engagement:resident-register"), REGISTER)
    assert answer.status_code == 302 and answer.url == reverse("engagement:resident-registered")
    assert len(callbacks) == 1 and mail.outbox == []  # nothing is sent before the commit
    callbacks[0]()
    user = User.objects.get(email="amira@example.org")
    assert (user.role, user.username, user.get_full_name(), user.is_active) == (
        User.Role.RESIDENT, "amira@example.org", "Amira Begum", True)
    profile = user.resident_profile
    assert (profile.postcode, profile.ward, profile.email_confirmed_at) == (
        "B12 9DP", Postcode.objects.get(postcode="B12 9DP").ward, None)
    assert [m.to for m in mail.outbox] == [["amira@example.org"]]
    assert mail.outbox[0].subject == "Confirm your email address for Localism"
    assert "72 hours" in mail.outbox[0].body
    assert "amira@example.org" in client.get(answer.url).content.decode()


def test_following_the_link_confirms_the_address_once(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Email address confirmed" in page.content.decode()
    confirmed_at = ResidentProfile.objects.get().email_confirmed_at
    assert confirmed_at is not None
    assert client.get(link).status_code == 200  # a second time is fine and changes nothing
    assert ResidentProfile.objects.get().email_confirmed_at == confirmed_at


def test_an_expired_link_says_so_and_changes_nothing(client, django_capture_on_commit_callbacks, settings):
    register(client, django_capture_on_commit_callbacks)
    token = link_in(mail.outbox[0]).split("/")[-2]
    # The signature's age is checked against the clock: make the link old by shortening the period.
    settings.RESIDENT_CONFIRM_LINK_HOURS = 0
    page = client.get(reverse("engagement:resident-confirm", kwargs={"token": token}))
    assert page.status_code == 400 and services.LINK_EXPIRED in page.content.decode()
    assert ResidentProfile.objects.get().email_confirmed_at is None


def test_a_forged_link_says_so_and_changes_nothing(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    user = User.objects.get()
    forged = signing.dumps([user.pk, user.email], salt="another salt")
    for token in (forged, "not-a-token", signing.dumps([user.pk, "someone@else.org"], salt=services.CONFIRM_SALT)):
        page = client.get(reverse("engagement:resident-confirm", kwargs={"token": token}))
        assert page.status_code == 400 and services.LINK_INVALID in page.content.decode()
    assert ResidentProfile.objects.get().email_confirmed_at is None


def test_signing_in_before_confirming_says_what_to_do_and_sends_the_link_again(client,
                                                                              django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    client.post(reverse("login"), {"username": "amira@example.org", "password": PASSWORD})
    page = client.get(reverse("engagement:resident-you")).content.decode()
    assert "Confirm your email address" in page and "Send the link again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("engagement:resident-confirm-again"))
    assert len(mail.outbox) == 2 and link_in(mail.outbox[1])
    client.get(link_in(mail.outbox[1]))
    assert "Confirm your email address" not in client.get(reverse("engagement:resident-you")).content.decode()


@pytest.mark.parametrize("changes, field, message", [
    ({"name": " "}, "name", services.NAME_MISSING),
    ({"email": "amira"}, "email", services.EMAIL_INVALID),
    ({"password": "password"}, "password", "This password is too common."),
    ({"postcode": "not a postcode"}, "postcode", "Enter a real postcode, like B11 1AA."),
    ({"postcode": "SW1A 1AA"}, "postcode", "SW1A 1AA is not a Birmingham postcode we know."),
])
def test_a_wrong_field_is_said_on_that_field_and_nothing_is_created(client, django_capture_on_commit_callbacks,
                                                                    changes, field, message):
    page = register(client, django_capture_on_commit_callbacks, **changes)
    assert page.status_code == 400
    assert any(message in error for error in page.context["form"].errors[field])
    assert not User.objects.exists() and mail.outbox == []


def test_an_approximate_postcode_is_flagged(client, django_capture_on_commit_callbacks):
    approximate = Postcode.objects.filter(approximate=True).first()
    register(client, django_capture_on_commit_callbacks, postcode=approximate.postcode)
    profile = ResidentProfile.objects.get()
    assert profile.postcode_approximate and profile.ward == approximate.ward


def test_an_address_already_registered_gets_an_email_not_a_second_account(client,
                                                                         django_capture_on_commit_callbacks):
    resident(email="amira@example.org")
    page = register(client, django_capture_on_commit_callbacks, email="Amira@Example.org")
    # The page says what it says for a new account: nobody learns who has one.
    assert page.status_code == 302 and page.url == reverse("engagement:resident-registered")
    assert User.objects.count() == 1
    assert mail.outbox[0].subject == "You already have an account with Localism"


def test_registrations_are_limited_per_address(client, django_capture_on_commit_callbacks, settings):
    settings.RESIDENT_REGISTRATIONS_PER_HOUR = 2
    for n in range(2):
        assert register(client, django_capture_on_commit_callbacks, email=f"r{n}@example.org").status_code == 302
    page = register(client, django_capture_on_commit_callbacks, email="r3@example.org")
    assert page.status_code == 429 and services.TOO_MANY_REGISTRATIONS in page.content.decode()
    assert User.objects.count() == 2
    other = client.post(reverse("engagement:resident-register"), {**REGISTER, "email": "r4@example.org"},
                        REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


# --- Their own page ---------------------------------------------------------------------------

def test_their_page_lists_their_answers_and_ideas_only(client, django_assert_max_num_queries):
    amira, other = resident("amira@example.org"), resident("other@example.org")
    for n in range(3):
        respond(ConsultationFactory(title=f"Parks {n}"), respondent=amira)
        IdeaFactory(title=f"Bench {n}", proposer=amira)
    respond(ConsultationFactory(title="Not hers"), respondent=other)
    IdeaFactory(title="Nor this", proposer=other)
    client.force_login(amira)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("engagement:resident-you")).content.decode()
    assert all(f"Parks {n}" in page and f"Bench {n}" in page for n in range(3))
    assert "Not hers" not in page and "Nor this" not in page


@pytest.mark.parametrize("role", [User.Role.ADMIN, User.Role.COUNCILLOR, User.Role.OFFICER, User.Role.PARTNER])
def test_staff_have_no_residents_page(client, role):
    client.force_login(UserFactory(role=role, is_staff=role == User.Role.ADMIN, is_superuser=role == User.Role.ADMIN))
    for name in ("resident-you", "resident-details", "resident-delete"):
        assert client.get(reverse(f"engagement:{name}")).status_code == 403


def test_visitors_are_asked_to_sign_in(client):
    page = client.get(reverse("engagement:resident-you"))
    assert page.status_code == 302 and page.url.startswith(reverse("login"))


def test_changing_details_changes_the_ward(client):
    amira = resident("amira@example.org")
    client.force_login(amira)
    other = Postcode.objects.exclude(ward=sbhe()).filter(approximate=False).first()
    page = client.post(reverse("engagement:resident-details"),
                       {"postcode": other.postcode, "notify_new_consultations": "on"})
    assert page.status_code == 302
    profile = ResidentProfile.objects.get(user=amira)
    assert (profile.postcode, profile.ward_id, profile.notify_new_consultations) == (other.postcode, other.ward_id,
                                                                                     True)
    bad = client.post(reverse("engagement:resident-details"), {"postcode": "XX"})
    assert bad.status_code == 400 and ResidentProfile.objects.get(user=amira).postcode == other.postcode


# --- Withdrawing -------------------------------------------------------------------------------

def test_withdrawing_a_response_deletes_it_with_its_answers(client):
    amira = resident("amira@example.org")
    question = QuestionFactory()
    response = respond(question.consultation, respondent=amira, choices=[(question, "Yes")],
                       about={"age_band": "25_34"})
    client.force_login(amira)
    url = reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk})
    assert "Withdraw your answer" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Response.objects.exists() and not Answer.objects.exists() and not AboutYou.objects.exists()


def test_a_response_in_published_results_cannot_be_withdrawn(client):
    amira = resident("amira@example.org")
    response = respond(ConsultationFactory(status=ConsultationStatus.OUTCOME_PUBLISHED), respondent=amira)
    client.force_login(amira)
    url = reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk})
    assert "cannot be withdrawn" in client.get(url).content.decode()
    client.post(url)
    assert Response.objects.filter(pk=response.pk).exists()


def test_nobody_else_may_withdraw_a_response_or_an_idea(client):
    amira, other = resident("amira@example.org"), resident("other@example.org")
    response = respond(ConsultationFactory(), respondent=amira)
    idea = IdeaFactory(proposer=amira)
    admin = UserFactory(admin=True)
    for user in (other, admin):
        client.force_login(user)
        for url in (reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk}),
                    reverse("engagement:resident-idea-withdraw", kwargs={"pk": idea.pk})):
            assert client.get(url).status_code == 403
            assert client.post(url).status_code == 403
    assert Response.objects.filter(pk=response.pk).exists() and Idea.objects.filter(pk=idea.pk).exists()
    client.force_login(amira)
    gone = reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk + 100})
    assert client.get(gone).status_code == 404


def test_withdrawing_an_idea_deletes_it_unless_it_was_answered(client):
    amira = resident("amira@example.org")
    waiting = IdeaFactory(proposer=amira)
    answered = IdeaFactory(proposer=amira, browser_key="abc", status=IdeaStatus.ADOPTED, responded_at=timezone.now())
    client.force_login(amira)
    for idea in (waiting, answered):
        client.post(reverse("engagement:resident-idea-withdraw", kwargs={"pk": idea.pk}))
    assert not Idea.objects.filter(pk=waiting.pk).exists()
    answered.refresh_from_db()
    assert (answered.proposer, answered.browser_key) == (None, "")


# --- Deleting the account ----------------------------------------------------------------------

def test_deleting_the_account_removes_their_data_and_signs_them_out(client):
    amira = resident("amira@example.org")
    text_question = QuestionFactory(kind="text")
    open_response = respond(text_question.consultation, respondent=amira, texts=[(text_question, "I live at no. 4")])
    published = ConsultationFactory(status=ConsultationStatus.OUTCOME_PUBLISHED)
    published_q = QuestionFactory(consultation=published, kind="text")
    choice_q = QuestionFactory(consultation=published)
    kept = respond(published, respondent=amira, choices=[(choice_q, "Yes")], texts=[(published_q, "My street")],
                   about={"age_band": "25_34"})
    idea = IdeaFactory(proposer=amira)
    support = SupportFactory(supporter=amira, browser_key="key-1")
    client.force_login(amira)
    assert "You cannot undo this" in client.get(reverse("engagement:resident-delete")).content.decode()
    page = client.post(reverse("engagement:resident-delete"))
    assert page.status_code == 302 and page.url == reverse("engagement:resident-deleted")
    assert not Response.objects.filter(pk=open_response.pk).exists()
    kept.refresh_from_db()
    assert (kept.respondent, kept.postcode, kept.browser_key) == (None, "", "") and kept.anonymised_at
    assert list(kept.answers.values_list("text", flat=True).order_by("question__position")) == ["", ""]
    assert kept.answers.filter(option__label="Yes").exists()
    assert not AboutYou.objects.exists() and not Idea.objects.filter(pk=idea.pk).exists()
    support.refresh_from_db()
    assert (support.supporter, support.browser_key) == (None, "")
    amira.refresh_from_db()
    assert not amira.is_active and amira.closed_at and not ResidentProfile.objects.filter(user=amira).exists()
    assert client.get(reverse("engagement:resident-you")).status_code == 302  # signed out


def test_the_closed_accounts_job_takes_a_residents_engagement_data_first():
    from localism.accounts.services import closed_accounts_delete_expired, user_close

    amira = resident("amira@example.org")
    response = respond(ConsultationFactory(), respondent=amira, about={})
    counted = respond(ConsultationFactory(status=ConsultationStatus.CLOSED), respondent=amira, about={})
    user_close(user=amira, now=timezone.now() - datetime.timedelta(days=400))
    assert closed_accounts_delete_expired() == 1
    assert not Response.objects.filter(pk=response.pk).exists() and not ResidentProfile.objects.exists()
    counted.refresh_from_db()  # part of the published results: kept, linked to nobody
    assert (counted.respondent, counted.anonymised_at is not None) == (None, True)
    assert not Support.objects.exists()


def test_their_page_pages_their_answers_and_their_ideas_apart(client):
    amira = resident("amira@example.org")
    for n in range(YOURS_PER_PAGE + 2):
        respond(ConsultationFactory(title=f"Parks {n:03}"), respondent=amira)
    for n in range(YOURS_PER_PAGE + 1):
        IdeaFactory(title=f"Bench {n:03}", proposer=amira)
    client.force_login(amira)
    url = reverse("engagement:resident-you")
    first = client.get(url)
    assert len(first.context["responses"]) == YOURS_PER_PAGE and len(first.context["ideas"]) == YOURS_PER_PAGE
    body = first.content.decode()
    assert 'href="?answers=2#answers"' in body and 'href="?ideas=2#ideas"' in body
    # The newest first; the oldest on the second page, and turning one list keeps the other's page.
    later = client.get(url + "?answers=2&ideas=2")
    assert [r.consultation.title for r, _, _ in later.context["responses"]] == ["Parks 001", "Parks 000"]
    assert [i.title for i, _ in later.context["ideas"]] == ["Bench 000"]
    body = later.content.decode()
    assert 'href="?answers=1&amp;ideas=2#answers"' in body and 'href="?answers=2&amp;ideas=1#ideas"' in body
    assert client.get(url + "?answers=x&ideas=999").status_code == 200
