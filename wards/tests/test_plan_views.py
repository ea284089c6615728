"""What councillors and residents see on the Ward Plan pages."""

import datetime
from decimal import Decimal

import pytest
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards import services
from wards.models import ActionStatus, Neighbourhood, PlanStatus, ProgressUpdate, Ward, WardChampion, WardPlan
from wards.services.plans import NOT_YOUR_WARD
from wards.tests.conftest import setup_admin
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardBudgetFactory, WardPlanFactory

pytestmark = pytest.mark.django_db


def sparkbrook():
    return Ward.objects.current().get(gss_code="E05011170")


@pytest.fixture
def councillor(client):
    user = CouncillorSeatFactory(ward=sparkbrook()).councillor
    client.force_login(user)
    return user


def test_plan_page_shows_priorities_actions_counts_and_budget(client):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED, title="Sparkbrook plan")
    priority = PriorityFactory(plan=plan, title="Cleaner streets")
    ActionFactory(priority=priority, description="Monthly clean-ups", status=ActionStatus.ON_TRACK)
    ActionFactory(priority=priority, description="Report fly-tipping app", status=ActionStatus.AT_RISK)
    budget = WardBudgetFactory(allocation=Decimal("50000"))
    services.spend_line_create(budget=budget, user=setup_admin(), description="Skip hire", amount=Decimal("1250.50"),
                               spent_on=datetime.date(2026, 6, 1), priority=priority)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "1. Cleaner streets" in page
    assert "Monthly clean-ups" in page and "Report fly-tipping app" in page
    assert "1 action" in page  # counts at a glance
    assert "£50,000.00" in page and "£1,250.50" in page and "£48,749.50" in page
    assert "Edit plan details" not in page  # a resident cannot edit


def furnish(plan, *, priorities: int, actions: int, lines: int) -> None:
    """Priorities with actions that have a lead organisation, a lead officer and partners, and
    each ward's budget for the plan's year with spend lines: everything the plan page shows."""
    lead, partner = OrganisationFactory(name="Ladypool Homes"), OrganisationFactory(name="Balsall Heath Forum")
    officer = UserFactory(officer=True, username=f"officer-{plan.pk}")
    made = [PriorityFactory(plan=plan) for _ in range(priorities)]
    for priority in made:
        for n in range(actions):
            action = ActionFactory(priority=priority, lead_organisation=lead, lead_officer=officer, partners=[partner],
                                   due_date=datetime.date(2026, 5, 1) if n % 2 else datetime.date(2027, 3, 31))
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(action=action, author=officer, note=f"Update {k + 1} on {action.description}",
                               status_before="not_started", status_after="on_track") for k in range(3))
    for ward in plan.wards.all():
        budget = WardBudgetFactory(ward=ward, period=plan.period, allocation=Decimal("50000"))
        for n in range(lines):
            services.spend_line_create(budget=budget, user=setup_admin(), description=f"Line {n + 1}",
                                       amount=Decimal("10"), spent_on=plan.starts_on,
                                       priority=made[n % len(made)])


def test_plan_page_query_count_does_not_grow_with_priorities_and_actions(client, councillor, today_is, session_queries,
                                                                         django_assert_num_queries):
    small = WardPlanFactory(period="2026/27")
    furnish(small, priorities=2, actions=1, lines=1)
    big = WardPlanFactory(period="2027/28", wards=[sparkbrook(), Ward.objects.current().get(gss_code="E05011122")])
    furnish(big, priorities=30, actions=5, lines=12)
    # 21 and the session (unless sessions are read from Redis): the user, the plan with its wards,
    # priorities, actions, leads, partners and latest
    # progress, counts, budgets and lines, (one query for all) the wards whose spending they manage,
    # the editor's profiles of the wards (profiles, deprivation, figures, the city's figures), and
    # what engagement links to (the consultations and ideas the priorities came from, the plan's
    # consultations), and what assets links to (the uses of assets proposed from the priorities).
    with django_assert_num_queries(21 + session_queries) as for_small:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(len(for_small.captured_queries)):
        response = client.get(big.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="app-priority') == 30
    assert "Line 12" in page and "Ladypool Homes" in page
    assert page.count("Latest progress, ") == 150  # every action's latest update, and only that one
    assert "Update 3 on " in page and "Update 1 on " not in page
    assert page.count(">Overdue</strong>") >= 1  # the due dates past "today" (after 1 May 2026)


def test_two_councillors_editing_one_priority(client, councillor):
    priority = PriorityFactory(plan=WardPlanFactory(), title="Fly-tipping")
    url = f"/plans/priorities/{priority.pk}/edit/"
    data = {"title": "", "theme": "clean_green", "source": "forum", "description": ""}
    # Both load version 1. The other councillor saves first.
    other = CouncillorSeatFactory(ward=sparkbrook()).councillor
    services.priority_update(priority=priority, user=other, version=1, title="Fly-tipping hot spots",
                             description="Named streets", theme="clean_green", source="forum")
    response = client.post(url, {**data, "title": "Fly-tipping everywhere", "version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this priority while you were editing it." in page
    assert "Fly-tipping hot spots" in page  # the newer version is shown
    assert 'value="Fly-tipping everywhere"' in page  # and the editor's text is kept
    assert 'name="version" value="2"' in page.replace("\n", "")  # so a second save is deliberate
    priority.refresh_from_db()
    assert priority.title == "Fly-tipping hot spots"
    # Having seen it, the councillor saves again over version 2.
    assert client.post(url, {**data, "title": "Fly-tipping everywhere", "version": 2}).status_code == 302
    priority.refresh_from_db()
    assert (priority.title, priority.version) == ("Fly-tipping everywhere", 3)
    assert priority.history.count() == 3  # every version kept


def test_stale_plan_details_page(client, councillor):
    plan = WardPlanFactory(title="Original")
    services.ward_plan_update(plan=plan, user=councillor, version=1, title="Newer", period="2026/27", summary="",
                              wards=[sparkbrook()])
    response = client.post(f"/plans/{plan.pk}/edit/", {"title": "Mine", "period": "2026/27",
                                                       "wards": [sparkbrook().pk], "version": 1})
    assert response.status_code == 409
    assert WardPlan.objects.get(pk=plan.pk).title == "Newer"


def test_start_a_plan_from_last_years(client, councillor):
    last = WardPlanFactory(period="2025/26", status=PlanStatus.PUBLISHED)
    ActionFactory(priority=PriorityFactory(plan=last, title="Safer parks"), status=ActionStatus.ON_TRACK)
    page = client.get("/plans/new/?ward=sparkbrook-and-balsall-heath-east").content.decode()
    assert 'value="2026/27"' in page  # the year after the latest plan
    response = client.post("/plans/new/", {"title": "Sparkbrook 2026/27", "period": "2026/27",
                                           "wards": [sparkbrook().pk], "copy_from": last.pk})
    assert response.status_code == 302
    plan = WardPlan.objects.get(title="Sparkbrook 2026/27")
    assert plan.status == PlanStatus.DRAFT
    assert [p.title for p in plan.priorities.all()] == ["Safer parks"]
    assert plan.priorities.get().actions.count() == 1


def test_a_councillor_cannot_start_a_plan_for_another_ward(client, councillor):
    """The page offers only the councillor's wards; the service refuses any other, as in the API."""
    shard_end = Ward.objects.current().get(gss_code="E05011165")
    page = client.get("/plans/new/").content.decode()
    assert "Sparkbrook &amp; Balsall Heath East" in page and "Shard End" not in page
    response = client.post("/plans/new/", {"title": "Not mine", "period": "2026/27",
                                           "wards": [sparkbrook().pk, shard_end.pk]})
    assert response.status_code == 403
    assert escape(NOT_YOUR_WARD.format(wards="Shard End")) in response.content.decode()
    assert not WardPlan.objects.exists()


def test_a_councillor_from_another_ward_is_refused_with_the_services_message(client):
    other = CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165")).councillor
    client.force_login(other)
    response = client.post("/plans/new/", {"title": "Theirs", "period": "2026/27", "wards": [sparkbrook().pk]})
    assert response.status_code == 403
    assert escape(NOT_YOUR_WARD.format(wards="Sparkbrook & Balsall Heath East")) in response.content.decode()
    assert not WardPlan.objects.exists()


def test_bad_input_is_explained_and_changes_nothing(client, councillor):
    plan = WardPlanFactory()
    response = client.post(f"/plans/{plan.pk}/priorities/new/", {"title": "", "theme": "", "source": "forum"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the priority" in page and "Choose a theme" in page
    priority = PriorityFactory(plan=plan)
    response = client.post(f"/plans/priorities/{priority.pk}/actions/new/",
                           {"description": "Do it", "status": "on_track", "due_date": "31/13/2027"})
    assert response.status_code == 400
    assert "Enter the due date as day/month/year" in response.content.decode()
    assert plan.priorities.count() == 1 and priority.actions.count() == 0


def test_publish_and_archive_from_the_plan_page(client, councillor):
    plan = WardPlanFactory()
    response = client.post(f"/plans/{plan.pk}/status/", {"status": "published", "version": 1}, follow=True)
    assert "Are you sure you want to publish this plan?" in response.content.decode()  # confirm first
    response = client.post(f"/plans/{plan.pk}/publish/", {"version": 1})
    assert "Add at least one priority before you publish the plan." in response.content.decode()
    PriorityFactory(plan=plan)
    response = client.post(f"/plans/{plan.pk}/publish/", {"version": 1}, follow=True)
    assert "The plan is published" in response.content.decode()
    assert WardPlan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED
    response = client.post(f"/plans/{plan.pk}/status/", {"status": "archived", "version": 2}, follow=True)
    assert "The plan is archived." in response.content.decode()
    assert WardPlan.objects.get(pk=plan.pk).status == PlanStatus.ARCHIVED


def test_history_and_comparison_show_who_changed_what(client, councillor):
    plan = WardPlanFactory(title="Plan v1")
    first = plan.history.earliest()
    services.priority_create(plan=plan, user=councillor, title="Youth clubs", description="",
                             theme="children_young_people", source="resident_idea")
    services.ward_plan_update(plan=plan, user=councillor, version=1, title="Plan v2", period="2026/27",
                              summary="", wards=[sparkbrook()])
    page = client.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Added priority: Youth clubs" in page
    assert "Plan v1" in page and "Plan v2" in page and escape(councillor.display_name) in page
    latest = plan.history.latest()
    page = client.get(f"/plans/{plan.pk}/history/compare/", {"from": f"plan-{first.history_id}",
                                                              "to": f"plan-{latest.history_id}"}).content.decode()
    assert "What changed between version 1 and version 3" in page  # the priority added made version 2
    assert "Plan v1" in page and "Plan v2" in page
    assert "Added" in page and "Youth clubs" in page
    bad = client.get(f"/plans/{plan.pk}/history/compare/", {"from": "x"})
    assert bad.status_code == 400 and "Choose the earlier version from the list" in bad.content.decode()


def test_ward_page_shows_the_published_plan_not_the_draft(client):
    published = WardPlanFactory(status=PlanStatus.PUBLISHED, title="The published plan")
    PriorityFactory(plan=published, title="Visible priority")
    draft = WardPlanFactory(title="The draft plan", period="2027/28")
    PriorityFactory(plan=draft, title="Secret priority")
    page = client.get(sparkbrook().get_absolute_url()).content.decode()
    assert "The published plan" in page and "Visible priority" in page
    assert "The draft plan" not in page and "Secret priority" not in page


def test_ward_page_shows_who_serves_the_ward(client):
    officer = UserFactory(officer=True, first_name="Wendy", last_name="Champion", job_title="Director")
    WardChampion.objects.create(ward=sparkbrook(), officer=officer)
    Neighbourhood.objects.create(ward=sparkbrook(), name="Balsall Heath")
    CouncillorSeatFactory(party="Labour")
    page = client.get(sparkbrook().get_absolute_url()).content.decode()
    assert "Wendy Champion, Director" in page
    assert "Balsall Heath" in page
    assert "Labour" in page


def test_workspace_lists_a_councillors_wards_and_plans(client, councillor):
    WardPlanFactory(title="Our plan")
    WardPlanFactory(title="Not ours", wards=[Ward.objects.current().get(gss_code="E05011165")])
    page = client.get("/workspace/").content.decode()
    assert "Sparkbrook &amp; Balsall Heath East" in page
    assert "Our plan" in page and "Not ours" not in page


def test_workspace_lists_the_actions_an_officer_leads(client):
    officer = UserFactory(officer=True)
    ActionFactory(lead_officer=officer, description="Run the jobs fair")
    ActionFactory(lead_officer=officer, description="Finished", status=ActionStatus.DONE)
    client.force_login(officer)
    page = client.get("/workspace/").content.decode()
    assert "Run the jobs fair" in page and "Finished" not in page


def test_print_stylesheet_hides_controls():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/govuk/localism.css").read_text()
    assert "@media print" in css and ".app-no-print" in css and ".govuk-button-group" in css


def test_councillor_records_spending_within_the_budget(client, councillor):
    plan = WardPlanFactory()
    priority = PriorityFactory(plan=plan, title="Cleaner streets")
    budget = WardBudgetFactory(allocation=Decimal("1000"))
    url = f"/plans/{plan.pk}/spending/new/"
    assert "Record spending" in client.get(plan.get_absolute_url()).content.decode()
    data = {"budget": budget.pk, "priority": priority.pk, "description": "Skip hire", "amount": "600",
            "spent_on": "1/6/2026"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "amount": "400.01"})
    assert response.status_code == 400
    assert "£400.00 is left" in response.content.decode()
    assert budget.spend_lines.count() == 1
    assert "£400.00" in client.get(plan.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", ["resident", "officer", "other_councillor"])
def test_others_cannot_record_spending(client, role):
    plan = WardPlanFactory(status=PlanStatus.PUBLISHED)
    budget = WardBudgetFactory()
    user = (CouncillorSeatFactory(ward=Ward.objects.current().get(gss_code="E05011165")).councillor
            if role == "other_councillor" else UserFactory(**({"officer": True} if role == "officer" else {})))
    client.force_login(user)
    response = client.post(f"/plans/{plan.pk}/spending/new/", {"budget": budget.pk, "description": "x",
                                                               "amount": "1", "spent_on": "1/6/2026"})
    assert response.status_code == 403
    assert budget.spend_lines.count() == 0
