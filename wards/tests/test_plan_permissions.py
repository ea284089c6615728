"""The permission matrix of the Ward Plan pages: who may see and change what.

Roles: anonymous, resident, partner, officer who leads an action and one who does not,
councillor of the plan's ward, of another ward, of the other ward of a cross-ward plan, admin.
Every refused request must leave the database exactly as it was.
"""

import pytest

from localism.accounts.tests.factories import UserFactory
from wards.models import Action, PlanStatus, Priority, ProgressUpdate, Ward, WardPlan
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "partner", "officer_lead", "officer", "councillor", "councillor_other_ward",
         "councillor_cross_ward", "admin"]
EDITORS = {"councillor", "admin"}  # of a plan for Sparkbrook & Balsall Heath East only


def ward(code):
    return Ward.objects.current().get(gss_code=code)


@pytest.fixture
def world():
    users = {
        "resident": UserFactory(),
        "partner": UserFactory(partner=True),
        "officer_lead": UserFactory(officer=True),
        "officer": UserFactory(officer=True),
        "admin": UserFactory(admin=True),
    }
    for role, code in [("councillor", "E05011170"), ("councillor_other_ward", "E05011165"),
                       ("councillor_cross_ward", "E05011122")]:
        users[role] = CouncillorSeatFactory(ward=ward(code)).councillor
    published = WardPlanFactory(title="Published plan", status=PlanStatus.PUBLISHED)
    draft = WardPlanFactory(title="Draft plan", period="2027/28")
    cross = WardPlanFactory(title="Cross-ward plan", period="2026/27",
                            wards=[ward("E05011122"), ward("E05011118")])
    priority = PriorityFactory(plan=published, title="Clean streets", position=1)
    PriorityFactory(plan=published, title="Safer parks", position=2)
    action = ActionFactory(priority=priority, lead_officer=users["officer_lead"], position=1)
    ActionFactory(priority=priority, position=2)
    PriorityFactory(plan=draft)
    return {"users": users, "published": published, "draft": draft, "cross": cross, "priority": priority,
            "action": action}


def snapshot():
    return (
        list(WardPlan.objects.order_by("pk").values_list("pk", "title", "status", "version")),
        list(Priority.objects.order_by("pk").values_list("pk", "title", "position", "version")),
        list(Action.objects.order_by("pk").values_list("pk", "description", "status", "position", "version")),
        ProgressUpdate.objects.count(),
    )


def sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])


def expect(role, allowed: set, *, success=200, hidden=False):
    """The status a role should get: success, 302 to sign in, 404 when the plan is hidden, else 403."""
    if role in allowed:
        return success
    if role == "anonymous":
        return 302
    return 404 if hidden else 403


@pytest.mark.parametrize("role", ROLES)
def test_reading_plans(client, world, role):
    sign_in(client, world, role)
    assert client.get(world["published"].get_absolute_url()).status_code == 200
    response = client.get(world["draft"].get_absolute_url())
    assert response.status_code == expect(role, EDITORS, hidden=True)
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")
    response = client.get(world["cross"].get_absolute_url())
    assert response.status_code == expect(role, {"councillor_cross_ward", "admin"}, hidden=True)


def _pages(world):
    plan, priority, action = world["published"], world["priority"], world["action"]
    return {
        "edit plan": (f"/plans/{plan.pk}/edit/", {"title": "Hijacked", "period": "2026/27", "summary": "",
                                                  "wards": [ward("E05011170").pk], "version": 1}),
        "publish status": (f"/plans/{plan.pk}/status/", {"status": "archived", "version": 1}),
        "history": (f"/plans/{plan.pk}/history/", None),
        "add priority": (f"/plans/{plan.pk}/priorities/new/", {"title": "New", "theme": "housing",
                                                               "source": "forum"}),
        "edit priority": (f"/plans/priorities/{priority.pk}/edit/", {"title": "Renamed", "theme": "housing",
                                                                     "source": "forum", "version": 1}),
        "move priority": (f"/plans/priorities/{priority.pk}/move/", {"direction": "down"}),
        "move priority to position": (f"/plans/priorities/{priority.pk}/position/", {"position": 2, "version": 1}),
        "remove priority": (f"/plans/priorities/{priority.pk}/delete/", {"version": 1}),
        "add action": (f"/plans/priorities/{priority.pk}/actions/new/", {"description": "Do it",
                                                                         "status": "on_track"}),
        "edit action": (f"/plans/actions/{action.pk}/edit/", {"description": "Changed", "status": "done",
                                                              "version": 1}),
        "move action to position": (f"/plans/actions/{action.pk}/position/", {"position": 2, "version": 1}),
        "remove action": (f"/plans/actions/{action.pk}/delete/", {"version": 1}),
    }


PAGES = ["edit plan", "publish status", "history", "add priority", "edit priority", "move priority",
         "move priority to position", "remove priority", "add action", "edit action", "move action to position",
         "remove action"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_changing_a_plan(client, world, role, page):
    sign_in(client, world, role)
    url, data = _pages(world)[page]
    if page not in {"publish status", "move priority"}:  # POST-only pages have no form to show
        assert client.get(url).status_code == expect(role, EDITORS)
    if data is None:
        return
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == expect(role, EDITORS, success=302), response.content[:500]
    if role in EDITORS:
        assert snapshot() != before
    else:
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_posting_progress(client, world, role):
    sign_in(client, world, role)
    url = f"/plans/actions/{world['action'].pk}/progress/"
    allowed = EDITORS | {"officer_lead"}
    assert client.get(url).status_code == expect(role, allowed)
    before = snapshot()
    response = client.post(url, {"note": "Two clean-ups held", "status": "on_track"})
    assert response.status_code == expect(role, allowed, success=302)
    assert (snapshot() != before) == (role in allowed)


def test_the_action_lead_changes_nothing_else(client, world):
    client.force_login(world["users"]["officer_lead"])
    page = client.get(world["published"].get_absolute_url()).content.decode()
    assert f"/plans/actions/{world['action'].pk}/progress/" in page
    assert "/edit/" not in page and "Publish plan" not in page


@pytest.mark.parametrize("role", ROLES)
def test_cross_ward_plan_is_edited_by_either_wards_councillors(client, world, role):
    sign_in(client, world, role)
    cross = world["cross"]
    before = snapshot()
    response = client.post(f"/plans/{cross.pk}/priorities/new/", {"title": "Shared", "theme": "transport",
                                                                   "source": "forum"})
    allowed = {"councillor_cross_ward", "admin"}
    assert response.status_code == expect(role, allowed, success=302, hidden=True)
    assert (snapshot() != before) == (role in allowed)


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("resident", 403), ("partner", 403),
                                          ("officer", 403), ("councillor", 200), ("admin", 200)])
def test_starting_a_plan(client, world, role, status):
    sign_in(client, world, role)
    assert client.get("/plans/new/").status_code == status


@pytest.mark.parametrize("role, status, goes_to", [
    ("anonymous", 302, "/accounts/login/?next=/workspace/"), ("resident", 302, "/residents/you/"),
    ("councillor", 200, None)])
def test_workspace_needs_sign_in(client, world, role, status, goes_to):
    # A resident's workspace is their page of answers and ideas.
    sign_in(client, world, role)
    response = client.get("/workspace/")
    assert response.status_code == status
    assert response.get("Location") == goes_to
