"""Ward Plan services: copying last year's plan, the status rules, ranking, progress, budgets
and the refusal of stale edits."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Invalid, NotFound, Refused, StaleEdit
from wards import services
from wards.models import Action, ActionStatus, PlanStatus, Priority, SpendLine, Ward, WardPlan
from wards.services.plans import DUE_IN_THE_PAST, NOT_YOUR_WARD
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def councillor():
    return CouncillorSeatFactory(ward=sparkbrook()).councillor


def sparkbrook():
    return Ward.objects.current().get(gss_code="E05011170")


def test_new_plan_from_last_years_copies_priorities_and_open_actions(councillor):
    last = WardPlanFactory(period="2025/26", status=PlanStatus.PUBLISHED)
    first = PriorityFactory(plan=last, title="Cleaner streets", position=1)
    ActionFactory(priority=first, description="Monthly clean-up days", status=ActionStatus.ON_TRACK)
    ActionFactory(priority=first, description="New litter bins", status=ActionStatus.DONE)
    PriorityFactory(plan=last, title="Safer parks", position=2)
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27",
                                     title="Sparkbrook 2026/27", copy_from=last)
    assert [p.title for p in plan.priorities.order_by("position")] == ["Cleaner streets", "Safer parks"]
    copied = Action.objects.filter(priority__plan=plan)
    assert [a.description for a in copied] == ["Monthly clean-up days"]  # done actions stay behind
    assert plan.status == PlanStatus.DRAFT
    assert last.priorities.count() == 2  # the old plan is untouched


def test_a_ward_has_one_live_plan_per_year(councillor):
    WardPlanFactory(period="2026/27")
    with pytest.raises(ValidationError) as caught:
        services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Another")
    assert "already has a plan for 2026/27" in str(caught.value)


@pytest.mark.parametrize("period", ["2026/28", "2026", "26/27", "2026-27", ""])
def test_the_period_is_a_financial_year(councillor, period):
    with pytest.raises(ValidationError):
        services.ward_plan_create(user=councillor, wards=[sparkbrook()], period=period, title="Plan")
    assert not WardPlan.objects.exists()


def test_publishing_needs_a_priority_and_archives_last_years_plan(councillor):
    old = WardPlanFactory(period="2025/26", status=PlanStatus.PUBLISHED)
    plan = WardPlanFactory(period="2026/27")
    with pytest.raises(ValidationError) as caught:
        services.ward_plan_set_status(plan=plan, user=councillor, version=1, status=PlanStatus.PUBLISHED)
    assert services.plans.PUBLISH_NEEDS_PRIORITIES in str(caught.value)
    PriorityFactory(plan=plan)
    november = timezone.make_aware(datetime.datetime(2026, 11, 30, 10))  # 2025/26 has ended
    published = services.ward_plan_set_status(plan=plan, user=councillor, version=1, status=PlanStatus.PUBLISHED,
                                              now=november)
    assert published.status == PlanStatus.PUBLISHED and published.published_at == november
    assert published.version == 2
    old.refresh_from_db()
    assert old.status == PlanStatus.ARCHIVED


def test_an_archived_plan_cannot_be_published_directly(councillor):
    plan = WardPlanFactory(status=PlanStatus.ARCHIVED)
    PriorityFactory(plan=plan)
    with pytest.raises(ValidationError) as caught:
        services.ward_plan_set_status(plan=plan, user=councillor, version=1, status=PlanStatus.PUBLISHED)
    assert "This plan is archived: it cannot be changed to published." in str(caught.value)


def test_stale_plan_edit_is_refused_and_nothing_is_lost(councillor):
    plan = WardPlanFactory(title="Original")
    other = CouncillorSeatFactory(ward=sparkbrook()).councillor
    # Both open the form at version 1; the first saves.
    services.ward_plan_update(plan=plan, user=other, version=1, title="First editor's title", period="2026/27",
                              summary="First", wards=[sparkbrook()])
    with pytest.raises(StaleEdit) as caught:
        services.ward_plan_update(plan=plan, user=councillor, version=1, title="Second editor's title",
                                  period="2026/27", summary="Second", wards=[sparkbrook()])
    assert caught.value.current.title == "First editor's title"
    assert caught.value.current.version == 2
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("First editor's title", 2)
    # Both versions are in the history; the refused one changed nothing.
    assert [h.title for h in plan.history.order_by("history_date")] == ["Original", "First editor's title"]


def test_stale_priority_edit_is_refused(councillor):
    priority = PriorityFactory(title="Fly-tipping")
    services.priority_update(priority=priority, user=councillor, version=1, title="Fly-tipping hot spots",
                             description="", theme=priority.theme, source=priority.source)
    with pytest.raises(StaleEdit):
        services.priority_update(priority=priority, user=councillor, version=1, title="Overwritten",
                                 description="", theme=priority.theme, source=priority.source)
    priority.refresh_from_db()
    assert priority.title == "Fly-tipping hot spots"


def test_stale_delete_is_refused(councillor):
    priority = PriorityFactory()
    services.priority_update(priority=priority, user=councillor, version=1, title="Changed meanwhile",
                             description="", theme=priority.theme, source=priority.source)
    with pytest.raises(StaleEdit):
        services.priority_delete(priority=priority, user=councillor, version=1)
    assert Priority.objects.filter(pk=priority.pk).exists()


def test_moving_priorities_reranks_them(councillor):
    plan = WardPlanFactory()
    a, b, c = (PriorityFactory(plan=plan, title=t, position=i) for i, t in enumerate("ABC", start=1))
    services.priority_move(priority=c, user=councillor, direction="up")
    assert list(plan.priorities.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]
    services.priority_move(priority=a, user=councillor, direction="up")  # already first: no change
    assert list(plan.priorities.order_by("position").values_list("title", "position")) == [
        ("A", 1), ("C", 2), ("B", 3)]
    services.priority_delete(priority=c, user=councillor, version=Priority.objects.get(pk=c.pk).version)
    assert list(plan.priorities.order_by("position").values_list("title", "position")) == [("A", 1), ("B", 2)]


def test_progress_update_moves_the_action_status_and_keeps_a_record():
    officer = UserFactory(officer=True)
    action = ActionFactory(lead_officer=officer)
    update = services.progress_update_create(action=action, user=officer, note="Six clean-ups held",
                                             status=ActionStatus.ON_TRACK)
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and action.version == 2
    assert (update.status_before, update.status_after, update.author) == (
        ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, officer)
    assert action.history.first().history_user == officer


def test_spending_cannot_exceed_the_ward_budget(councillor):
    budget = WardBudgetFactory(allocation=Decimal("1000.00"))
    priority = PriorityFactory()
    services.spend_line_create(budget=budget, user=councillor, description="Skip hire", amount=Decimal("600"),
                               spent_on=datetime.date(2026, 6, 1), priority=priority)
    with pytest.raises(ValidationError) as caught:
        services.spend_line_create(budget=budget, user=councillor, description="Planting",
                                   amount=Decimal("400.01"), spent_on=datetime.date(2026, 7, 1), priority=priority)
    assert "£400.00 is left" in str(caught.value)
    assert SpendLine.objects.count() == 1


def test_spending_against_another_wards_priority_is_refused(councillor):
    budget = WardBudgetFactory()
    shard_end = Ward.objects.current().get(gss_code="E05011165")
    priority = PriorityFactory(plan=WardPlanFactory(wards=[shard_end]))
    with pytest.raises(ValidationError):
        services.spend_line_create(budget=budget, user=councillor, description="x", amount=Decimal(1),
                                   spent_on=datetime.date(2026, 6, 1), priority=priority)


def test_spending_against_another_years_priority_is_refused(councillor):
    budget = WardBudgetFactory(period="2026/27")
    priority = PriorityFactory(plan=WardPlanFactory(period="2027/28"))
    with pytest.raises(ValidationError) as caught:
        services.spend_line_create(budget=budget, user=councillor, description="x", amount=Decimal(1),
                                   spent_on=datetime.date(2026, 6, 1), priority=priority)
    assert "2026/27 plan" in str(caught.value)


def test_copied_priorities_record_who_copied_them(councillor):
    last = WardPlanFactory(period="2025/26")
    PriorityFactory(plan=last)
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="New",
                                     copy_from=last)
    assert plan.priorities.get().history.get().history_user == councillor


def shard_end():
    return Ward.objects.current().get(gss_code="E05011165")


def test_a_councillor_adds_or_removes_only_wards_where_they_hold_a_seat(councillor):
    refusal = NOT_YOUR_WARD.format(wards="Shard End")
    with pytest.raises(Refused) as caught:
        services.ward_plan_create(user=councillor, wards=[sparkbrook(), shard_end()], period="2026/27", title="Ours")
    assert caught.value.message == refusal
    assert not WardPlan.objects.exists()
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Ours")
    with pytest.raises(Refused) as caught:
        services.ward_plan_update(plan=plan, user=councillor, version=1, wards=[sparkbrook(), shard_end()])
    assert caught.value.message == refusal
    # Nor may they take away a ward where they hold no seat, from a plan an admin made cross-ward.
    cross = services.ward_plan_create(user=UserFactory(admin=True), wards=[sparkbrook(), shard_end()],
                                      period="2027/28", title="Cross-ward")
    with pytest.raises(Refused) as caught:
        services.ward_plan_update(plan=cross, user=councillor, version=1, wards=[sparkbrook()])
    assert caught.value.message == refusal
    assert set(cross.wards.all()) == {sparkbrook(), shard_end()}


def test_a_councillor_from_another_ward_is_refused_everything(councillor):
    other = CouncillorSeatFactory(ward=shard_end()).councillor
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Ours")
    priority = services.priority_create(plan=plan, user=councillor, title="Parks", description="",
                                        theme="clean_green", source="forum")
    attempts = [
        lambda: services.ward_plan_create(user=other, wards=[sparkbrook()], period="2027/28", title="Theirs"),
        lambda: services.ward_plan_update(plan=plan, user=other, version=1, title="Theirs"),
        lambda: services.ward_plan_set_status(plan=plan, user=other, version=1, status=PlanStatus.CONSULTATION),
        lambda: services.priority_create(plan=plan, user=other, title="x", description="", theme="housing",
                                         source="forum"),
        lambda: services.priority_move(priority=priority, user=other, direction="down"),
        lambda: services.priority_delete(priority=priority, user=other, version=1),
        lambda: services.ward_plan_delete(plan=plan, user=other),
    ]
    for attempt in attempts:
        with pytest.raises(Refused):
            attempt()
    plan.refresh_from_db()
    assert (plan.title, plan.version, plan.priorities.count()) == ("Ours", 1, 1)


def test_a_plan_deleted_meanwhile_is_not_found_when_changed(councillor):
    plan = WardPlanFactory()
    PriorityFactory(plan=plan)
    WardPlan.objects.filter(pk=plan.pk).delete()  # an admin deletes it while the councillor edits
    with pytest.raises(NotFound):
        services.ward_plan_update(plan=plan, user=councillor, version=1, title="Too late")
    with pytest.raises(NotFound):
        services.ward_plan_set_status(plan=plan, user=councillor, version=1, status=PlanStatus.PUBLISHED)


def test_a_new_due_date_may_not_be_in_the_past_but_an_overdue_action_keeps_its_date(today_is):
    """Users hit: past due dates were accepted. A new or changed due date is today or later; an
    action that became overdue can still be edited without moving its date."""
    today_is(datetime.date(2026, 12, 2))
    admin = UserFactory(admin=True)
    priority = PriorityFactory()
    with pytest.raises(Invalid) as refused:
        services.action_create(priority=priority, user=admin, description="Litter pick",
                               due_date=datetime.date(2026, 12, 1))
    assert refused.value.message_dict == {"due_date": [DUE_IN_THE_PAST]}
    assert not priority.actions.exists()
    due_today = services.action_create(priority=priority, user=admin, description="Litter pick",
                                       due_date=datetime.date(2026, 12, 2))
    assert due_today.due_date == datetime.date(2026, 12, 2)

    overdue = ActionFactory(priority=PriorityFactory(plan=priority.plan), due_date=datetime.date(2026, 11, 1))
    changed = services.action_update(action=overdue, user=admin, version=overdue.version,
                                     description="Litter pick, with the school", due_date=overdue.due_date,
                                     status="on_track")
    assert changed.description == "Litter pick, with the school"
    with pytest.raises(Invalid):
        services.action_update(action=changed, user=admin, version=changed.version,
                               description=changed.description, due_date=datetime.date(2026, 11, 30),
                               status="on_track")
