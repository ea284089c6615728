"""The demonstration engagement `make run` loads: what a visitor to the demo sees."""

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from ..models import Consultation, ConsultationStatus, Idea, IdeaStatus
from ..selectors import results as result_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction."""
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        call_command("demo_accounts", verbosity=0)
    for command in ("demo_wards", "demo_plans", "demo_engagement"):
        call_command(command, verbosity=0)


def test_the_demo_has_an_open_consultation_on_the_draft_plan_and_a_closed_one_with_its_outcome(demo):
    open_one = Consultation.objects.get(status=ConsultationStatus.OPEN)
    assert open_one.is_demo and open_one.is_open
    assert open_one.plan.status == "consultation" and open_one.plan.period == "2027/28"
    assert {w.name for w in open_one.wards.all()} == {"Sparkbrook & Balsall Heath East", "Balsall Heath West"}
    assert open_one.responses.count() == 260
    closed = Consultation.objects.get(status=ConsultationStatus.OUTCOME_PUBLISHED)
    assert closed.responses.count() == 180 and closed.we_did and closed.outcome_priorities.count() == 1


def test_the_demos_respondents_under_represent_young_people_and_private_renters(demo):
    closed = Consultation.objects.get(status=ConsultationStatus.OUTCOME_PUBLISHED)
    sentences = " ".join(s for r in result_selectors.consultation_results(closed).representation
                         for s in r.under_represented)
    assert "People aged 16 to 24 are 13% of Shard End's residents" in sentences
    assert "Households who rent from a private landlord or letting agency" in sentences


def test_the_demos_ideas_are_in_three_wards_at_each_stage_and_running_it_again_adds_nothing(demo):
    ideas = Idea.objects.filter(is_demo=True)
    assert {i.ward.name for i in ideas} == {"Sparkbrook & Balsall Heath East", "Shard End", "Sutton Trinity"}
    assert {i.status for i in ideas} == {IdeaStatus.ADOPTED, IdeaStatus.WAITING, IdeaStatus.TO_FORUM,
                                          IdeaStatus.REFERRED, IdeaStatus.DECLINED}
    adopted = ideas.get(status=IdeaStatus.ADOPTED)
    assert adopted.priority.plan.status == "consultation" and adopted.priority.source == "resident_idea"
    counts = (Consultation.objects.count(), Idea.objects.count(), closed_responses := sum(
        c.responses.count() for c in Consultation.objects.all()))
    call_command("demo_engagement", verbosity=0)
    assert (Consultation.objects.count(), Idea.objects.count(),
            sum(c.responses.count() for c in Consultation.objects.all())) == counts
    assert closed_responses == 260 + 180 + 90  # the plan's, the parks' and having your say


def test_the_demo_asks_the_community_life_surveys_question_in_a_closed_consultation(demo):
    from engagement.models import QuestionMeasure

    asked = Consultation.objects.get(questions__measure=QuestionMeasure.CLS_INFLUENCE)
    assert asked.status == ConsultationStatus.CLOSED and asked.responses.count() == 90
    assert [w.name for w in asked.wards.all()] == ["Sparkbrook & Balsall Heath East"]
