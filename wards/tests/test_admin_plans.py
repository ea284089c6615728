import datetime
from decimal import Decimal

import pytest
from django.contrib.admin import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import STALE_EDIT
from wards import services
from wards.admin import WardPlanAdmin
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
from wards.services.plans import NOT_YOUR_WARD
from wards.tests.conftest import setup_admin
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory

pytestmark = pytest.mark.django_db


def sparkbrook():
    return Ward.objects.current().get(gss_code="E05011170")


def shard_end():
    return Ward.objects.current().get(gss_code="E05011165")


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
    client.force_login(UserFactory(admin=True, username="admin-client"))
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


@pytest.mark.parametrize("model", ["wardprofile", "censusfigure", "deprivationsummary", "smallarea"])
def test_admin_shows_the_loaded_profiles_read_only_without_boundaries(admin_client, model):
    with CaptureQueriesContext(connection) as queries:
        changelist = admin_client.get(f"/admin/wards/{model}/")
        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count >= 69
        obj = changelist.context["cl"].result_list[0]
        view = admin_client.get(f"/admin/wards/{model}/{obj.pk}/change/")
    assert view.status_code == 200 and 'type="submit"' not in view.content.decode().split('id="content"')[1]
    assert admin_client.get(f"/admin/wards/{model}/add/").status_code == 403
    assert admin_client.post(f"/admin/wards/{model}/{obj.pk}/delete/").status_code == 403
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
    admin = setup_admin()
    plan = services.ward_plan_create(user=admin, wards=[sparkbrook()], period="2026/27", title="Sparkbrook plan")
    services.ward_plan_update(plan=plan, user=admin, version=1, title="Sparkbrook and Balsall Heath East Ward Plan")
    response = admin_client.get(f"/admin/wards/wardplan/{plan.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sparkbrook and Balsall Heath East Ward Plan" in page
    assert len(response.context["page_obj"].object_list) == 2


def action_form(action, **changes):
    return {"description": action.description, "lead_organisation": action.lead_organisation_id or "",
            "lead_officer": action.lead_officer_id or "", "status": action.status, "due_date": "",
            "loaded_version": action.version, **changes}


def test_admin_change_goes_through_the_service_and_raises_the_version(admin_client):
    add_plan_and_budget()
    action = Action.objects.get()
    response = admin_client.post(f"/admin/wards/action/{action.pk}/change/", action_form(
        action, description="Fortnightly litter picks", status="on_track"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == ("Fortnightly litter picks", 2)
    assert action.history.count() == 2
    assert action.history.first().history_user.username == "admin-client"


def plan_form(plan, **changes):
    return {"title": plan.title, "wards": [w.pk for w in plan.wards.all()], "period": plan.period,
            "status": plan.status, "summary": plan.summary, "loaded_version": plan.version,
            **changes}


def test_an_admin_save_of_a_stale_plan_is_refused(admin_client):
    councillor = CouncillorSeatFactory(ward=sparkbrook()).councillor
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Our plan")
    opened = plan_form(plan)  # the admin opens the plan at version 1
    services.ward_plan_update(plan=plan, user=councillor, version=1, title="The councillor's title")
    response = admin_client.post(f"/admin/wards/wardplan/{plan.pk}/change/", {**opened, "title": "Admin's title"})
    assert response.status_code == 200  # the form again, with the refusal
    assert escape(STALE_EDIT.format(thing="plan")) in response.content.decode()
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("The councillor's title", 2)


def test_the_admin_form_refuses_a_ward_where_the_editor_holds_no_seat(rf):
    """Admin saves go through the service: a councillor (were they let into admin) is refused the
    same way as on the page and in the API."""
    councillor = CouncillorSeatFactory(ward=sparkbrook()).councillor
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Our plan")
    request = rf.post("/")
    request.user = councillor
    model_admin = WardPlanAdmin(WardPlan, site)
    model_admin.has_change_permission = lambda request, obj=None: True  # let into admin, as a test
    form = model_admin.get_form(request, plan, change=True)(
        plan_form(plan, wards=[sparkbrook().pk, shard_end().pk]), instance=plan)
    assert not form.is_valid()
    assert form.non_field_errors() == [NOT_YOUR_WARD.format(wards="Shard End")]
    assert list(plan.wards.all()) == [sparkbrook()]


@pytest.mark.parametrize("model", ["wardplan", "forummeeting", "spendline"])
def test_councillors_are_kept_out_of_admin(client, model):
    client.force_login(CouncillorSeatFactory().councillor)
    response = client.get(f"/admin/wards/{model}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_form_cannot_publish_a_plan_without_the_confirmation_page(admin_client):
    """Publishing archives nothing at once but makes the plan public: it is done on the plan's page,
    which says what will happen and asks first. The admin form shows the status and that link."""
    councillor = CouncillorSeatFactory(ward=sparkbrook()).councillor
    plan = services.ward_plan_create(user=councillor, wards=[sparkbrook()], period="2026/27", title="Our plan")
    page = admin_client.get(f"/admin/wards/wardplan/{plan.pk}/change/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in page and "asks you to confirm" in page
    response = admin_client.post(f"/admin/wards/wardplan/{plan.pk}/change/",
                                 plan_form(plan, status="published", title="Our plan, retitled",
                                           **{"priorities-TOTAL_FORMS": 0, "priorities-INITIAL_FORMS": 0}))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.status) == ("Our plan, retitled", "draft")
