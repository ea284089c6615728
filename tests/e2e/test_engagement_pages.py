"""Every engagement page the other browser tests do not walk, with data on it: the staff pages
of a consultation (setting it up, its questions, suspected duplicates, free text), the results
with who answered beside who lives there, by ward, and the public pages around them. Each passes
axe-core and fits 320 CSS pixels without scrolling sideways."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import ConsultationStatus, QuestionKind, ResponseReview
from engagement.tests.factories import ConsultationFactory, IdeaFactory, QuestionFactory, respond
from localism.accounts.tests.factories import UserFactory
from tests.e2e.test_consultations import assert_fits

pytestmark = pytest.mark.e2e

AGES = ["16_24", "25_34", "35_49", "50_64", "65_plus", "prefer_not"]


@pytest.fixture
def consultations(birmingham_wards):
    now = timezone.now()
    closed = ConsultationFactory(title="Ladypool Road park: what next", status=ConsultationStatus.CLOSED,
                                 opens_at=now - datetime.timedelta(days=20), closes_at=now - datetime.timedelta(days=2))
    choice = QuestionFactory(consultation=closed, position=1, text="Should the park open later?",
                             options=["Yes", "No"])
    scale = QuestionFactory(consultation=closed, position=2, kind=QuestionKind.SCALE, text="The park feels safe.")
    text = QuestionFactory(consultation=closed, position=3, kind=QuestionKind.TEXT, text="Anything else?",
                           required=False)
    for i in range(36):
        respond(closed, choices=[(choice, "Yes" if i % 3 else "No"), (scale, "Agree" if i % 2 else "Disagree")],
                texts=[(text, f"More lighting near gate {i}")] if i % 4 == 0 else (),
                about={"age_band": AGES[i % len(AGES)], "ethnic_group": "asian" if i % 2 else "white",
                       "tenure": "owned_outright" if i % 2 else "social_rented_council", "disability": "not_disabled"})
    open_ = ConsultationFactory(title="Moseley Road baths")
    question = QuestionFactory(consultation=open_, position=1, text="Should the baths reopen?")
    first = respond(open_, choices=[(question, "Yes")])
    again = respond(open_, choices=[(question, "Yes")])
    again.review, again.duplicate_of = ResponseReview.SUSPECTED_DUPLICATE, first
    again.save()
    IdeaFactory(title="A bench by the bus stop")
    officer = UserFactory(username="engagement-officer", officer=True)
    officer.user_permissions.add(Permission.objects.get(codename="run_consultations"))
    return closed, open_, question


def test_the_staff_pages_of_a_consultation(page, consultations):
    closed, open_, question = consultations
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("engagement-officer")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/workspace/")
    for url in ["/consultations/yours/", "/consultations/new/", f"/consultations/{open_.pk}/edit/",
                f"/consultations/{open_.pk}/questions/",
                f"/consultations/{open_.pk}/questions/{question.pk}/edit/",
                f"/consultations/{open_.pk}/duplicates/", f"/consultations/{open_.pk}/",
                f"/consultations/{open_.pk}/results/", f"/consultations/{closed.pk}/results/free-text/",
                f"/consultations/{closed.pk}/outcome/edit/"]:
        page.goto(url)
        assert_fits(page)
    page.goto("/consultations/new/")
    page.get_by_role("button", name="Set it up").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_fits(page)


def test_the_public_results_and_pages(page, consultations):
    closed, open_, _ = consultations
    page.goto(f"/consultations/{closed.pk}/")
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ladypool Road park")
    assert_fits(page)
    page.goto(f"/consultations/{closed.pk}/results/?ward=E05011170")  # who answered beside who lives there
    expect(page.get_by_text("Census 2021").first).to_be_visible()
    assert_fits(page)
    for url in [f"/consultations/{open_.pk}/results/", "/consultations/?status=closed",
                "/consultations/?postcode=ZZ99+9ZZ", "/ideas/", "/ideas/new/", "/residents/register/"]:
        page.goto(url)
        assert_fits(page)
