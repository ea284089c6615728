import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from wards.models import (
    Action,
    Neighbourhood,
    Priority,
    ProgressUpdate,
    SpendLine,
    Ward,
    WardBudget,
    WardChampion,
    WardPlan,
)
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory

pytestmark = pytest.mark.django_db


def add_plan_and_budget(n=0):
    """One of everything the admin pages below show, in Sparkbrook & Balsall Heath East."""
    ward = Ward.objects.current().get(gss_code="E05011170")
    officer = UserFactory(officer=True)
    plan = WardPlan.objects.create(title=f"Sparkbrook Ward Plan {n}", period="2026/27")
    plan.wards.set([ward])
    neighbourhood = Neighbourhood.objects.create(ward=ward, name=f"Balsall Heath {n}")
    priority = Priority.objects.create(plan=plan, position=1, title=f"Cleaner streets {n}", theme="clean_green",
                                       neighbourhood=neighbourhood)
    action = Action.objects.create(priority=priority, description="Monthly litter picks",
                                   lead_organisation=OrganisationFactory(), lead_officer=officer)
    ProgressUpdate.objects.create(action=action, author=officer, note="First pick done",
                                  status_before="not_started", status_after="on_track")
    budget_ward = ward if n == 0 else Ward.objects.current().without_geometry()[n]
    budget = WardBudget.objects.create(ward=budget_ward, period="2026/27", allocation=Decimal("10000"))
    SpendLine.objects.create(budget=budget, priority=priority, description="Litter pickers", amount=Decimal("250"),
                             spent_on=datetime.date(2026, 6, 1))
    WardChampion.objects.create(ward=budget.ward, officer=officer)
    ForumMeetingFactory(forum=WardForumFactory(member_organisations=[action.lead_organisation]))
    return plan


MODELS = ["neighbourhood", "wardchampion", "wardforum", "forummeeting", "wardplan", "priority", "action",
          "progressupdate", "wardbudget", "spendline"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


def assert_no_boundaries(queries):
    selects = [q["sql"] for q in queries if '."boundary' in q["sql"]]
    assert not selects, "ward boundaries were loaded:\n" + "\n".join(selects)


@pytest.mark.parametrize("model", MODELS)
def test_admin_opens_each_list_and_change_page_without_loading_boundaries(admin_client, model):
    add_plan_and_budget()
    with CaptureQueriesContext(connection) as queries:
        changelist = admin_client.get(f"/admin/wards/{model}/")
        assert changelist.status_code == 200
        obj = changelist.context["cl"].result_list[0]
        assert admin_client.get(f"/admin/wards/{model}/{obj.pk}/change/").status_code == 200
        assert admin_client.get(f"/admin/wards/{model}/add/").status_code == 200
    assert_no_boundaries(queries.captured_queries)


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_do_not_grow_queries_with_rows(admin_client, model, django_assert_num_queries):
    add_plan_and_budget()
    url = f"/admin/wards/{model}/"
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    for n in range(1, 6):
        add_plan_and_budget(n)
    with django_assert_num_queries(len(before.captured_queries)):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) > 1


def test_ward_page_in_admin_shows_neighbourhoods_and_champions(admin_client):
    add_plan_and_budget()
    ward = Ward.objects.get(gss_code="E05011170")
    page = admin_client.get(f"/admin/wards/ward/{ward.pk}/change/").content.decode()
    assert "Balsall Heath 0" in page and "Ward champions" in page


def test_ward_autocomplete_does_not_load_boundaries(admin_client):
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get("/admin/autocomplete/", {
            "term": "Sparkbrook", "app_label": "wards", "model_name": "wardbudget", "field_name": "ward"})
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} >= {"Sparkbrook & Balsall Heath East"}
    assert_no_boundaries(queries.captured_queries)


def test_admin_sees_the_history_of_a_plan(admin_client):
    plan = add_plan_and_budget()
    plan.title = "Sparkbrook and Balsall Heath East Ward Plan"
    plan.save()
    response = admin_client.get(f"/admin/wards/wardplan/{plan.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sparkbrook and Balsall Heath East Ward Plan" in page
    assert len(response.context["page_obj"].object_list) == 2


def test_admin_change_raises_the_version_so_stale_edits_are_refused(admin_client):
    add_plan_and_budget()
    action = Action.objects.get()
    response = admin_client.post(f"/admin/wards/action/{action.pk}/change/", {
        "priority": action.priority_id, "position": 0, "description": "Fortnightly litter picks",
        "lead_organisation": action.lead_organisation_id, "lead_officer": action.lead_officer_id,
        "status": "on_track", "due_date": "",
    })
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == ("Fortnightly litter picks", 2)
    assert action.history.count() == 2


@pytest.mark.parametrize("model", ["wardplan", "forummeeting", "spendline"])
def test_councillors_are_kept_out_of_admin(client, model):
    client.force_login(CouncillorSeatFactory().councillor)
    response = client.get(f"/admin/wards/{model}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
