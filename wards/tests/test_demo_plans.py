import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test.utils import override_settings
from django.utils import timezone

from localism.accounts.models import Organisation, User
from wards.management.commands.demo_plans import financial_year
from wards.models import (
    Action,
    ActionStatus,
    ForumMeeting,
    PlanStatus,
    Priority,
    ProgressUpdate,
    SpendLine,
    Ward,
    WardBudget,
    WardForum,
    WardPlan,
)
from wards.models.plans import period_after

pytestmark = pytest.mark.django_db

DEMO_WARDS = ["E05011170", "E05011122", "E05011165", "E05011178"]
MODELS = [Organisation, User, WardForum, ForumMeeting, WardPlan, Priority, Action, ProgressUpdate, WardBudget,
          SpendLine]


def run(name):
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction."""
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        run("demo_accounts")
    run("demo_wards")
    return run("demo_plans")


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_financial_year_runs_april_to_march():
    assert financial_year(datetime.date(2026, 11, 22)) == "2026/27"
    assert financial_year(datetime.date(2027, 3, 31)) == "2026/27"
    assert financial_year(datetime.date(2027, 4, 1)) == "2027/28"
    assert financial_year(datetime.date(2099, 12, 31)) == "2099/00"


def test_each_ward_has_a_published_plan_this_year_and_a_draft_for_next(demo):
    period = financial_year(timezone.localdate())
    assert "Created" in demo
    for code in DEMO_WARDS:
        ward = Ward.objects.current().get(gss_code=code)
        published = WardPlan.objects.get(wards=ward, status=PlanStatus.PUBLISHED)
        draft = WardPlan.objects.get(wards=ward, status=PlanStatus.DRAFT)
        assert published.period == period and published.published_at is not None
        assert draft.period == period_after(period)
        assert draft.copied_from == published
        # One priority edited after copying, one added.
        assert draft.priorities.count() == published.priorities.count() + 1
        assert draft.priorities.filter(version=2).count() == 1
    assert WardPlan.objects.count() == 6
    assert not WardPlan.objects.filter(is_demo=False).exists()
    cross_ward = WardPlan.objects.get(wards__gss_code="E05011122", status=PlanStatus.PUBLISHED)
    assert set(cross_ward.wards.values_list("gss_code", flat=True)) == {"E05011170", "E05011122"}


def test_priorities_have_actions_with_spread_statuses_and_progress(demo):
    for plan in WardPlan.objects.all():
        priorities = plan.priorities.all()
        assert 4 <= priorities.count() <= 7
        for item in priorities:
            assert item.actions.exists()
    published = Action.objects.filter(priority__plan__status=PlanStatus.PUBLISHED)
    assert set(published.values_list("status", flat=True)) == set(ActionStatus.values)
    assert published.filter(lead_officer__username="officer").exists()
    assert published.filter(lead_organisation__isnull=True).count() == 0
    assert ProgressUpdate.objects.count() >= 10
    themes = set(Priority.objects.values_list("theme", flat=True))
    assert len(themes) >= 6


def test_budgets_have_spend_lines_and_money_left(demo):
    period = financial_year(timezone.localdate())
    for code in DEMO_WARDS:
        budget = WardBudget.objects.get(ward__gss_code=code, period=period)
        spent = budget.spend_lines.aggregate(total=Sum("amount"))["total"]
        assert budget.spend_lines.count() >= 3
        assert Decimal(0) < spent < budget.allocation
        for line in budget.spend_lines.all():
            assert line.priority.plan.wards.filter(pk=budget.ward_id).exists()


def test_forums_have_members_held_and_planned_meetings(demo):
    forums = WardForum.objects.all()
    assert forums.count() == 3 and all(f.is_demo for f in forums)
    shared = WardForum.objects.get(wards__gss_code="E05011122")
    assert set(shared.wards.values_list("gss_code", flat=True)) == {"E05011170", "E05011122"}
    now = timezone.now()
    for forum in forums:
        assert 4 <= forum.member_organisations.count() <= 6
        held = forum.meetings.filter(status=ForumMeeting.Status.HELD)
        planned = forum.meetings.filter(status=ForumMeeting.Status.PLANNED)
        assert 2 <= held.count() <= 3 and planned.count() == 2
        assert all(m.starts_at < now and m.minutes and m.attendance_count for m in held)
        assert all(m.starts_at > now and m.agenda for m in planned)
        assert all(m.organisations_attending.exists() for m in held)
        assert all(m.is_demo for m in forum.meetings.all())
        assert timezone.localtime(forum.meetings.first().starts_at).time() == datetime.time(18, 30)
    kinds = set(Organisation.objects.filter(forums__isnull=False).values_list("kind", flat=True))
    assert Organisation.Kind.PARISH_TOWN_COUNCIL in kinds and Organisation.Kind.POLICE in kinds


def test_invented_organisations_are_marked_demo(demo):
    invented = Organisation.objects.filter(name__endswith="(demo)")
    assert invented.count() == Organisation.objects.count()
    assert all(o.is_demo for o in invented)
    assert User.objects.count() == 4  # only the demo_accounts users


def test_second_run_creates_nothing(demo):
    before = counts()
    out = run("demo_plans")
    assert counts() == before
    assert "Nothing new" in out
