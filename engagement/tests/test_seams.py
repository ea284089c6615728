"""Where the parts of engagement meet, and where engagement meets the wards app, through the pages
a resident or councillor uses: a signed-in resident's answer on their own page, withdrawing it
against the published results, one browser cookie for answers and supports, the outcome and the
results from the consultation's page, and the links on the plan, ward and forum meeting pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from wards.models.plans import PlanStatus
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import WardPlanFactory

from ..models import ConsultationStatus, Idea, ResidentProfile, Response, Support
from ..selectors import results as result_selectors
from ..services.residents import RESPONSE_COUNTED
from .factories import ConsultationFactory, IdeaFactory, QuestionFactory, respond, sbhe

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(client):
    user = UserFactory()
    ResidentProfile.objects.create(user=user, postcode="B12 9DP", ward=sbhe())
    client.force_login(user)
    return user


def _answer(client, consultation, question, label="Yes"):
    option = question.options.get(label=label)
    return client.post(reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk}),
                       {"postcode": "B11 1AA", f"q{question.pk}": option.pk})


def test_a_signed_in_residents_answer_is_on_their_page_and_they_withdraw_it(client, resident):
    consultation = ConsultationFactory(title="Parks survey")
    question = QuestionFactory(consultation=consultation)
    assert _answer(client, consultation, question).status_code == 302
    response = Response.objects.get()
    assert response.respondent == resident
    page = client.get(reverse("engagement:resident-you")).content.decode()
    assert "Parks survey" in page and consultation.get_absolute_url() in page
    withdraw = reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk})
    assert withdraw in page
    assert client.post(withdraw).status_code == 302
    assert not Response.objects.exists()
    # Withdrawn, they may answer again.
    assert _answer(client, consultation, question, "No").status_code == 302
    assert Response.objects.get().answers.get().option.label == "No"


def test_once_the_results_are_public_an_answer_is_no_longer_withdrawn(client, resident):
    """A closed consultation's results are public: taking an answer out of them afterwards would
    change published figures by one, and so tell anyone comparing them what it said."""
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    _answer(client, consultation, question)
    for _ in range(5):
        respond(consultation, choices=[(question, "Yes")])
    consultation.status = ConsultationStatus.CLOSED
    consultation.save()
    before = result_selectors.consultation_results(consultation).overall
    response = Response.objects.get(respondent=resident)
    page = client.get(reverse("engagement:resident-you")).content.decode()
    assert reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk}) not in page
    answer = client.post(reverse("engagement:resident-response-withdraw", kwargs={"pk": response.pk}), follow=True)
    assert RESPONSE_COUNTED in answer.content.decode()
    assert Response.objects.filter(pk=response.pk).exists()
    assert result_selectors.consultation_results(consultation).overall.responses.value == before.responses.value == 6


def test_deleting_the_account_after_closing_keeps_the_answer_anonymised(client, resident):
    consultation = ConsultationFactory(status=ConsultationStatus.CLOSED)
    question = QuestionFactory(consultation=consultation)
    response = respond(consultation, choices=[(question, "Yes")], respondent=resident,
                       about={"age_band": "16_24"})
    client.post(reverse("engagement:resident-delete"))
    response.refresh_from_db()
    assert (response.respondent, response.postcode, response.anonymised_at is not None) == (None, "", True)
    assert response.answers.get().option.label == "Yes" and not response.answers.exclude(text="").exists()


def test_one_browser_cookie_serves_answers_and_supports(client, settings):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    answered = _answer(client, consultation, question)
    cookie = answered.cookies[settings.ENGAGEMENT_BROWSER_COOKIE]
    assert cookie["secure"] == ("" if not settings.SESSION_COOKIE_SECURE else True)
    assert cookie["max-age"] == settings.ENGAGEMENT_BROWSER_COOKIE_DAYS * 86400
    idea = IdeaFactory()
    supported = client.post(reverse("engagement:idea-support", kwargs={"pk": idea.pk}))
    assert settings.ENGAGEMENT_BROWSER_COOKIE not in supported.cookies  # the same cookie, kept
    assert Support.objects.get().browser_key
    # What is kept of one cookie differs between answers and supports: they cannot be joined.
    assert Support.objects.get().browser_key != Response.objects.get().browser_key
    assert client.post(reverse("engagement:idea-support", kwargs={"pk": idea.pk})).status_code == 302
    assert Support.objects.count() == 1
    assert settings.ENGAGEMENT_BROWSER_COOKIE in client.get(reverse("cookies")).content.decode()


def test_the_secure_setting_applies_to_the_browser_cookie(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    consultation = ConsultationFactory()
    page = client.get(reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk}))
    assert page.cookies[settings.ENGAGEMENT_BROWSER_COOKIE]["secure"] is True


def test_answers_without_an_account_are_limited_by_the_address_sign_in_trusts(client, settings):
    """Behind the council's proxy every connection comes from the proxy: the limit counts the
    address the proxy says (DJANGO_CLIENT_IP_HEADERS), as sign-in and ideas do."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.ENGAGEMENT_RESPONSES_PER_HOUR = 1
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    url = reverse("engagement:consultation-respond", kwargs={"pk": consultation.pk})
    option = question.options.first().pk
    for resident in ("198.51.100.1", "198.51.100.2"):
        client.cookies.clear()
        answer = client.post(url, {"postcode": "B11 1AA", f"q{question.pk}": option},
                             REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=resident)
        assert answer.status_code == 302, resident
    client.cookies.clear()
    again = client.post(url, {"postcode": "B11 1AA", f"q{question.pk}": option},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert again.status_code == 429


def test_the_consultation_page_shows_its_outcome_and_leads_to_its_results(client):
    now = timezone.now()
    consultation = ConsultationFactory(status=ConsultationStatus.OUTCOME_PUBLISHED, outcome_published_at=now,
                                       we_asked="Which park first?", you_said="Calthorpe Park.",
                                       we_did="Calthorpe Park gets new benches.",
                                       opens_at=now - datetime.timedelta(days=30),
                                       closes_at=now - datetime.timedelta(days=20))
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Calthorpe Park gets new benches." in page
    assert reverse("engagement:results", kwargs={"pk": consultation.pk}) in page


def test_an_adopted_idea_is_a_priority_of_the_draft_plan_with_a_link_back(client):
    plan = WardPlanFactory(status=PlanStatus.DRAFT)
    councillor = CouncillorSeatFactory(ward=sbhe()).councillor
    idea = IdeaFactory(title="A bench by the bus stop")
    client.force_login(councillor)
    client.post(reverse("engagement:idea-respond", kwargs={"pk": idea.pk}),
                {"version": 1, "kind": "adopted", "response": "It is in the draft plan."})
    priority = Idea.objects.get().priority
    assert priority.plan == plan
    plan_page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert idea.get_absolute_url() in plan_page
    idea_page = client.get(idea.get_absolute_url()).content.decode()
    assert reverse("plans:detail", kwargs={"pk": plan.pk}) in idea_page


def test_the_plan_page_links_the_priority_to_the_consultation_it_came_from(client):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED)
    from wards.tests.factories_plans import PriorityFactory

    priority = PriorityFactory(plan=plan, title="Safer crossings")
    now = timezone.now()
    consultation = ConsultationFactory(status=ConsultationStatus.OUTCOME_PUBLISHED, outcome_published_at=now,
                                       opens_at=now - datetime.timedelta(days=30),
                                       closes_at=now - datetime.timedelta(days=20), title="Roads survey")
    consultation.outcome_priorities.set([priority])
    page = client.get(reverse("plans:detail", kwargs={"pk": plan.pk})).content.decode()
    assert consultation.get_absolute_url() in page
    outcome = client.get(consultation.get_absolute_url()).content.decode()
    assert "Safer crossings" in outcome


def test_the_ward_page_has_your_say_and_the_meeting_shows_its_ideas(client):
    consultation = ConsultationFactory(title="Parks survey")
    draft = ConsultationFactory(title="Secret draft", status=ConsultationStatus.DRAFT)
    idea = IdeaFactory(title="A bench by the bus stop")
    ward_page = client.get(reverse("wards:detail", kwargs={"slug": sbhe().slug})).content.decode()
    assert consultation.get_absolute_url() in ward_page
    assert draft.get_absolute_url() not in ward_page
    assert idea.get_absolute_url() in ward_page or reverse("engagement:ideas") in ward_page
    meeting = ForumMeetingFactory(forum=WardForumFactory())
    councillor = CouncillorSeatFactory(ward=sbhe()).councillor
    client.force_login(councillor)
    client.post(reverse("engagement:idea-respond", kwargs={"pk": idea.pk}),
                {"version": 1, "kind": "to_forum", "response": "We will discuss it."})
    client.logout()
    page = client.get(reverse("forums:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert idea.get_absolute_url() in page and "A bench by the bus stop" in page
