"""Closing the loop: the outcome of a consultation ("We asked, you said, we did") published by
those who run it once it has closed, its page, the links from priorities back to where they
came from, and the councillor's list of consultations still waiting for their outcome."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, Refused, StaleEdit
from localism.core.links import of as links_of
from wards.models import PlanStatus
from wards.tests.conftest import SBHE, SHARD_END, ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

from ..models import ConsultationStatus
from ..selectors.outcomes import consultations_awaiting_outcome
from ..services.outcomes import NOT_CLOSED, NOT_YOURS, WE_DID_MISSING, consultation_outcome_publish
from .factories import ConsultationFactory, IdeaFactory

pytestmark = pytest.mark.django_db
TEXTS = {"we_asked": "Which parks matter most?", "you_said": "Pickwick Park, by far.",
         "we_did": "Pickwick Park is the plan's first priority."}


@pytest.fixture
def councillor():
    return CouncillorSeatFactory(ward=ward(SBHE)).councillor


def _closed(days_ago=1, **kwargs):
    now = timezone.now()
    return ConsultationFactory(opens_at=now - datetime.timedelta(days=days_ago + 30),
                               closes_at=now - datetime.timedelta(days=days_ago), status=ConsultationStatus.CLOSED,
                               **kwargs)


def test_those_who_run_a_closed_consultation_publish_its_outcome(councillor):
    plan = WardPlanFactory(status=PlanStatus.CONSULTATION)
    came_from_it = PriorityFactory(plan=plan, title="Pickwick Park")
    consultation = _closed(plan=plan)
    published = consultation_outcome_publish(consultation=consultation, user=councillor, version=1,
                                             priorities=[came_from_it], **TEXTS)
    assert published.status == ConsultationStatus.OUTCOME_PUBLISHED
    assert published.outcome_published_at is not None and published.version == 2
    assert list(published.outcome_priorities.all()) == [came_from_it]
    assert published.history.first().history_user == councillor
    with pytest.raises(StaleEdit):
        consultation_outcome_publish(consultation=published, user=councillor, version=1, **TEXTS)


def test_an_outcome_waits_for_the_consultation_to_close(councillor):
    consultation = ConsultationFactory()  # open for a week yet
    with pytest.raises(Invalid) as error:
        consultation_outcome_publish(consultation=consultation, user=councillor, version=1, **TEXTS)
    assert error.value.messages == [NOT_CLOSED.format(closes=timezone.localtime(consultation.closes_at))]


def test_the_three_texts_are_required_and_priorities_must_be_of_its_plan(councillor):
    consultation = _closed(plan=WardPlanFactory())
    with pytest.raises(Invalid) as error:
        consultation_outcome_publish(consultation=consultation, user=councillor, version=1,
                                     **{**TEXTS, "we_did": " "},
                                     priorities=[PriorityFactory(plan=WardPlanFactory(wards=[ward(SHARD_END)]))])
    assert error.value.message_dict == {"we_did": [WE_DID_MISSING],
                                        "outcome_priorities": ["Choose priorities of the plan the consultation "
                                                               "was about"]}


@pytest.mark.parametrize("who", ["resident", "officer", "other_councillor", "anonymous"])
def test_only_those_who_run_it_publish_the_outcome(who):
    from django.contrib.auth.models import AnonymousUser

    user = {"resident": UserFactory(), "officer": UserFactory(officer=True), "anonymous": AnonymousUser(),
            "other_councillor": CouncillorSeatFactory(ward=ward(SHARD_END)).councillor}[who]
    with pytest.raises(Refused) as refused:
        consultation_outcome_publish(consultation=_closed(), user=user, version=1, **TEXTS)
    assert refused.value.message == NOT_YOURS


def test_the_outcome_pages(client, councillor):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED)
    priority = PriorityFactory(plan=plan, title="Pickwick Park")
    consultation = _closed(plan=plan)
    outcome = reverse("engagement:outcome", args=[consultation.pk])
    edit = reverse("engagement:outcome-edit", args=[consultation.pk])
    assert client.get(outcome).status_code == 404  # not published yet
    assert client.get(edit).status_code == 302  # sign in
    client.force_login(CouncillorSeatFactory(ward=ward(SHARD_END)).councillor)
    assert client.get(edit).status_code == 403
    assert client.post(edit, {**TEXTS, "version": 1}).status_code == 403
    client.force_login(councillor)
    assert client.get(edit).status_code == 200
    missing = client.post(edit, {**TEXTS, "we_asked": "", "version": 1})
    assert missing.status_code == 400 and "Enter what we asked" in missing.content.decode()
    saved = client.post(edit, {**TEXTS, "version": 1, "outcome_priorities": [priority.pk]})
    assert saved.status_code == 302 and saved["Location"] == outcome
    client.logout()
    page = client.get(outcome).content.decode()
    assert "Pickwick Park, by far." in page
    assert f'href="{plan.get_absolute_url()}#priority-{priority.pk}"' in page


def test_priority_sources_link_a_priority_to_its_consultation_and_idea_in_fixed_queries(
        councillor, django_assert_num_queries):
    plan = WardPlanFactory()
    priorities = PriorityFactory.create_batch(6, plan=plan)
    consultation = _closed(plan=plan)
    consultation_outcome_publish(consultation=consultation, user=councillor, version=1,
                                 priorities=priorities[:4], **TEXTS)
    idea = IdeaFactory(priority=priorities[0], status="adopted")
    IdeaFactory(priority=priorities[1], hidden_at=timezone.now(), hidden_reason="x")
    with django_assert_num_queries(2):
        sources = links_of("priority_sources", priorities)
    outcome_url = reverse("engagement:outcome", args=[consultation.pk])
    assert [(link.text, link.url) for link in sources[priorities[0].pk]] == [
        (f"Consultation: {consultation.title}", outcome_url),
        (f"Resident's idea: {idea.title}", idea.get_absolute_url()),
    ]
    assert [link.url for link in sources[priorities[1].pk]] == [outcome_url]  # the hidden idea is not linked
    assert priorities[5].pk not in sources


def test_a_consultation_without_its_outcome_published_is_no_source(councillor):
    plan = WardPlanFactory()
    priority = PriorityFactory(plan=plan)
    consultation = _closed(plan=plan)
    consultation.outcome_priorities.set([priority])  # chosen, not published
    assert links_of("priority_sources", [priority]) == {}


def test_the_workspace_lists_consultations_closed_four_weeks_without_an_outcome(client, councillor):
    due = _closed(days_ago=29, title="Closed 29 days ago")
    _closed(days_ago=27, title="Closed 27 days ago")
    _closed(days_ago=60, title="Other ward's", wards=[ward(SHARD_END)])
    published = _closed(days_ago=40, title="Outcome published")
    consultation_outcome_publish(consultation=published, user=councillor, version=1, **TEXTS)
    assert consultations_awaiting_outcome(councillor) == [due]
    client.force_login(councillor)
    body = client.get(reverse("workspace")).content.decode()
    assert "Closed 29 days ago" in body
    assert reverse("engagement:outcome-edit", args=[due.pk]) in body
    for other in ("Closed 27 days ago", "Other ward&#x27;s", "Outcome published"):
        assert other not in body
