import datetime

import pytest

from localism.accounts.tests.factories import OrganisationFactory, UserFactory, token_for
from localism.core.errors import STALE_EDIT
from wards import services
from wards.api.plans import EXPAND_INVALID, VERSION_REQUIRED
from wards.models import Action, PlanStatus, Priority, Source, Theme, WardPlan
from wards.models.geography import GSS_CODE_INVALID
from wards.services.plans import NOT_YOUR_WARD
from wards.tests.conftest import BALSALL_HEATH_WEST, SBHE, SHARD_END, setup_admin, ward

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/ward-plans/"
BAD_PERIOD = "Enter the period as a financial year, like 2026/27."

ROLES = ["anonymous", "resident", "partner", "officer", "councillor_own", "councillor_other",
         "councillor_cross", "admin"]
# "draft": Sparkbrook & Balsall Heath East's draft; "published": Shard End's published plan;
# "cross": a draft covering Sparkbrook & Balsall Heath East and Balsall Heath West.
VISIBLE = {
    "anonymous": {"published"}, "resident": {"published"}, "partner": {"published"}, "officer": {"published"},
    "councillor_own": {"draft", "published", "cross"}, "councillor_other": {"published"},
    "councillor_cross": {"published", "cross"}, "admin": {"draft", "published", "cross"},
}
EDITABLE = {
    "councillor_own": {"draft", "cross"}, "councillor_other": {"published"}, "councillor_cross": {"cross"},
    "admin": {"draft", "published", "cross"},
}


def make_plan(*codes, title, period="2026/27", priorities=1, actions=0, published=False, leads=None):
    """`leads`: the (lead organisation, lead officer, partner) every action gets, if any."""
    lead, officer, partner = leads or (None, None, None)
    plan = services.ward_plan_create(user=setup_admin(), wards=[ward(c) for c in codes], period=period, title=title,
                                     summary=f"What {title} is for.")
    for rank in range(priorities):
        priority = services.priority_create(plan=plan, user=setup_admin(), title=f"Priority {rank + 1}", description="",
                                            theme=Theme.HOUSING, source=Source.FORUM)
        for number in range(actions):
            services.action_create(priority=priority, user=setup_admin(), description=f"Action {number + 1}",
                                   lead_organisation=lead, lead_officer=officer,
                                   partners=[partner] if partner else [])
    if published:
        plan = services.ward_plan_set_status(plan=plan, user=setup_admin(), version=plan.version,
                                             status=PlanStatus.PUBLISHED)
    return plan


def bulk_priorities(plan, *, priorities, actions):
    """Many priorities and actions, with leads and partners, in a handful of inserts."""
    lead, partner = OrganisationFactory(), OrganisationFactory()
    officer = UserFactory(officer=True)
    rows = Priority.objects.bulk_create(
        Priority(plan=plan, position=n + 1, title=f"Priority {n + 1}", theme=Theme.TRANSPORT) for n in range(priorities)
    )
    made = Action.objects.bulk_create(
        Action(priority=p, position=n + 1, description=f"Action {n + 1}", lead_organisation=lead,
               lead_officer=officer)
        for p in rows for n in range(actions)
    )
    Action.partners.through.objects.bulk_create(
        Action.partners.through(action_id=a.pk, organisation_id=partner.pk) for a in made
    )


def snapshot():
    plans = WardPlan.objects.order_by("pk").values_list("pk", "title", "summary", "period", "status", "version")
    wards = WardPlan.wards.through.objects.order_by("pk").values_list("wardplan_id", "ward_id")
    return list(plans), list(wards), Priority.objects.count()


@pytest.fixture
def plans():
    return {
        "draft": make_plan(SBHE, title="Sparkbrook draft"),
        "published": make_plan(SHARD_END, title="Shard End plan", published=True),
        "cross": make_plan(SBHE, BALSALL_HEATH_WEST, title="Balsall Heath together", period="2027/28"),
    }


def url(plan):
    return f"{PLANS}{plan.pk}/"


# --- Who sees what ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_list_shows_drafts_only_to_their_editors(client_as, plans, role):
    body = client_as(role).get(PLANS).json()
    titles = {plan["title"] for plan in body["results"]}
    assert titles == {plans[name].title for name in VISIBLE[role]}
    assert body["count"] == len(VISIBLE[role])


@pytest.mark.parametrize("name", ["draft", "published", "cross"])
@pytest.mark.parametrize("role", ROLES)
def test_detail_of_a_plan_one_may_not_see_is_a_404(client_as, plans, role, name):
    response = client_as(role).get(url(plans[name]))
    if name in VISIBLE[role]:
        assert response.status_code == 200
        assert response.json()["title"] == plans[name].title
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


# --- Who changes what -------------------------------------------------------------------------

def expected_write_status(role, name, *, success):
    if role == "anonymous":
        return 401
    if name in EDITABLE.get(role, set()):
        return success
    return 403 if name in VISIBLE[role] else 404


@pytest.mark.parametrize("name", ["draft", "published", "cross"])
@pytest.mark.parametrize("role", ROLES)
def test_only_a_plans_editors_change_it(client_as, plans, role, name):
    plan, before = plans[name], snapshot()
    response = client_as(role).patch(url(plan), {"title": "Renamed", "version": plan.version})
    assert response.status_code == expected_write_status(role, name, success=200)
    if response.status_code == 200:
        assert response.json()["title"] == "Renamed"
        assert response.json()["version"] == plan.version + 1
        assert WardPlan.objects.get(pk=plan.pk).title == "Renamed"
    else:
        assert "detail" in response.json()
        assert snapshot() == before


@pytest.mark.parametrize("name", ["draft", "published", "cross"])
@pytest.mark.parametrize("role", ROLES)
def test_only_admins_delete_plans(client_as, plans, role, name):
    plan, before = plans[name], snapshot()
    response = client_as(role).delete(url(plan))
    expected = {"anonymous": 401, "admin": 204}.get(role, 403 if name in VISIBLE[role] else 404)
    assert response.status_code == expected
    if expected == 204:
        assert not WardPlan.objects.filter(pk=plan.pk).exists()
    else:
        assert snapshot() == before


@pytest.mark.parametrize("role, codes, expected", [
    ("anonymous", [SBHE], 401),
    ("resident", [SBHE], 403),
    ("partner", [SBHE], 403),
    ("officer", [SBHE], 403),
    ("councillor_own", [SBHE], 201),
    ("councillor_own", [SBHE, SHARD_END], 403),
    ("councillor_other", [SBHE], 403),
    ("councillor_cross", [BALSALL_HEATH_WEST, SBHE], 403),
    ("councillor_cross", [BALSALL_HEATH_WEST], 201),
    ("admin", [SBHE, SHARD_END], 201),
])
def test_plans_are_started_by_councillors_for_their_own_wards(client_as, people, plans, role, codes, expected):
    before = snapshot()
    body = {"title": "Next year", "period": "2028/29", "summary": "Our plan.", "wards": codes}
    response = client_as(role).post(PLANS, body)
    assert response.status_code == expected
    if expected == 201:
        plan = response.json()
        assert plan["status"] == "draft" and plan["version"] == 1
        assert sorted(w["gss_code"] for w in plan["wards"]) == sorted(codes)
        assert WardPlan.objects.get(pk=plan["id"]).created_by == people[role]
    else:
        assert snapshot() == before
    if role == "councillor_own" and expected == 403:
        assert response.json() == {"detail": NOT_YOUR_WARD.format(wards="Shard End")}


def test_a_councillor_from_another_ward_is_refused_with_the_services_message(client_as, plans):
    before = snapshot()
    response = client_as("councillor_other").post(PLANS, {"title": "Theirs", "period": "2028/29", "wards": [SBHE]})
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_YOUR_WARD.format(wards="Sparkbrook & Balsall Heath East")}
    assert snapshot() == before


def test_a_councillor_cannot_add_another_councillors_ward(client_as, plans):
    plan, before = plans["draft"], snapshot()
    response = client_as("councillor_own").patch(url(plan), {"wards": [SBHE, SHARD_END], "version": plan.version})
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_YOUR_WARD.format(wards="Shard End")}
    assert snapshot() == before


def test_a_councillor_keeps_the_other_wards_of_a_cross_ward_plan(client_as, plans):
    plan = plans["cross"]
    body = {"title": "Balsall Heath, together", "period": "2027/28", "summary": "Both wards.",
            "wards": [BALSALL_HEATH_WEST, SBHE], "version": plan.version}
    response = client_as("councillor_cross").put(url(plan), body)
    assert response.status_code == 200
    assert {w["gss_code"] for w in response.json()["wards"]} == {SBHE, BALSALL_HEATH_WEST}
    assert response.json()["summary"] == "Both wards."


# --- Versions, status and bad input -------------------------------------------------------------

def test_a_stale_edit_is_a_409_with_the_current_plan(client_as, plans):
    plan = plans["draft"]
    loaded = plan.version
    services.ward_plan_update(plan=plan, user=setup_admin(), version=loaded, title="Their title", period=plan.period,
                              summary="Their summary", wards=[ward(SBHE)])
    before = snapshot()
    response = client_as("councillor_own").patch(url(plan), {"title": "My title", "version": loaded})
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == STALE_EDIT.format(thing="plan")
    assert body["current"]["title"] == "Their title"
    assert body["current"]["version"] == loaded + 1
    assert body["current"]["priorities"][0]["title"] == "Priority 1"
    assert snapshot() == before


def test_a_stale_status_change_is_a_409(client_as, plans):
    plan = plans["draft"]
    loaded = plan.version
    services.ward_plan_set_status(plan=plan, user=setup_admin(), version=loaded, status=PlanStatus.CONSULTATION)
    before = snapshot()
    response = client_as("councillor_own").patch(url(plan), {"status": "published", "version": loaded})
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "consultation"
    assert snapshot() == before


@pytest.mark.parametrize("method", ["patch", "put"])
def test_a_change_without_its_version_is_refused(client_as, plans, method):
    plan, before = plans["draft"], snapshot()
    body = {"title": "Renamed", "period": "2026/27", "wards": [SBHE], "status": "consultation"}
    response = getattr(client_as("councillor_own"), method)(url(plan), body)
    assert response.status_code == 400
    assert response.json() == {"version": [VERSION_REQUIRED]}
    assert snapshot() == before


@pytest.mark.parametrize("method, path", [("patch", "draft"), ("post", None)])
def test_a_period_that_is_not_a_financial_year_is_a_400(client_as, plans, method, path):
    before = snapshot()
    body = {"title": "Plan", "period": "2026/28", "wards": [SBHE], "version": plans["draft"].version}
    response = getattr(client_as("councillor_own"), method)(url(plans[path]) if path else PLANS, body)
    assert response.status_code == 400
    assert response.json() == {"period": [BAD_PERIOD]}
    assert snapshot() == before


def test_a_second_plan_for_a_ward_and_year_is_a_400(client_as, plans):
    before = snapshot()
    response = client_as("admin").post(PLANS, {"title": "Another", "period": "2026/27", "wards": [SBHE]})
    assert response.status_code == 400
    assert response.json() == {"period": [services.plans.PLAN_EXISTS.format(
        ward="Sparkbrook & Balsall Heath East", period="2026/27")]}
    assert snapshot() == before


@pytest.mark.parametrize("wards, field_message", [
    ([], services.plans.PLAN_NEEDS_A_WARD),
    (["E05099999"], "Object with gss_code=E05099999 does not exist."),
])
def test_plan_wards_must_be_real_wards(client_as, plans, wards, field_message):
    before = snapshot()
    response = client_as("admin").post(PLANS, {"title": "Plan", "period": "2028/29", "wards": wards})
    assert response.status_code == 400
    assert response.json() == {"wards": [field_message]}
    assert snapshot() == before


def test_publishing_through_the_api(client_as, plans):
    plan = plans["draft"]
    client = client_as("councillor_own")
    response = client.patch(url(plan), {"status": "published", "version": plan.version})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "published" and body["published_at"]
    client.credentials()
    assert client.get(url(plan)).status_code == 200  # now public


def test_title_and_status_change_together(client_as, plans):
    plan = plans["draft"]
    response = client_as("admin").patch(url(plan), {"title": "Ready", "status": "consultation",
                                                    "version": plan.version})
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["status"]) == ("Ready", "consultation")
    assert response.json()["version"] == plan.version + 2


def test_a_plan_without_priorities_cannot_be_published(client_as):
    plan, before = make_plan(SBHE, title="Empty", priorities=0), snapshot()
    response = client_as("admin").patch(url(plan), {"status": "published", "version": plan.version})
    assert response.status_code == 400
    assert response.json() == {"status": [services.plans.PUBLISH_NEEDS_PRIORITIES]}
    assert snapshot() == before


def test_a_status_outside_the_choices_is_a_400(client_as, plans):
    response = client_as("admin").patch(url(plans["draft"]), {"status": "gone", "version": 1})
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


# --- Shape, filters, queries, authentication ------------------------------------------------------

def test_a_plan_with_its_priorities_and_actions(client_as, plans, today_is):
    plan = plans["published"]
    lead, partner = OrganisationFactory(name="Shard End Housing"), OrganisationFactory(name="West Midlands Police")
    officer = UserFactory(officer=True, first_name="Amira", last_name="Khan", email="amira@example.org")
    second = services.priority_create(plan=plan, user=setup_admin(), title="Safer streets",
                                      description="Less speeding.", theme=Theme.COMMUNITY_SAFETY,
                                      source=Source.RESIDENT_IDEA)
    services.action_create(priority=second, user=setup_admin(), description="Speed checks", lead_organisation=lead,
                           lead_officer=officer, partners=[partner], due_date=datetime.date(2027, 1, 31))
    body = client_as("partner").get(url(plan)).json()
    assert set(body) == {"id", "title", "period", "status", "summary", "version", "published_at", "updated_at",
                         "wards", "url", "page_url", "priorities", "status_counts"}
    assert body["wards"] == [{"gss_code": SHARD_END, "name": "Shard End"}]
    assert body["url"].endswith(f"/api/v1/ward-plans/{plan.pk}/")
    assert [(p["rank"], p["title"]) for p in body["priorities"]] == [(1, "Priority 1"), (2, "Safer streets")]
    priority = body["priorities"][1]
    assert (priority["theme"], priority["theme_label"], priority["source"]) == (
        "community_safety", "Community safety", "resident_idea")
    assert priority["actions"] == [{
        "id": priority["actions"][0]["id"], "description": "Speed checks", "lead_organisation": "Shard End Housing",
        "lead_officer": "Amira Khan", "partners": ["West Midlands Police"], "due_date": "2027-01-31",
        "status": "not_started", "overdue": False, "latest_progress": None,  # "today" is 30 November 2026
    }]
    assert {"status": "not_started", "label": "Not started", "count": 1} in body["status_counts"]
    # Officers are named; their e-mail addresses and usernames are not published.
    assert "amira@example.org" not in str(body) and officer.username not in str(body)


def test_an_officer_without_a_name_is_not_shown_by_username(client_as, plans):
    priority = plans["published"].priorities.get()
    officer = UserFactory(officer=True, first_name="", last_name="")
    services.action_create(priority=priority, user=setup_admin(), description="Litter pick", lead_officer=officer)
    action = client_as("anonymous").get(url(plans["published"])).json()["priorities"][0]["actions"][0]
    assert action["lead_officer"] is None


@pytest.mark.parametrize("params, names", [
    ({"ward": SBHE}, {"draft", "cross"}),
    ({"ward": BALSALL_HEATH_WEST}, {"cross"}),
    ({"ward": SHARD_END, "status": "published"}, {"published"}),
    ({"status": "draft"}, {"draft", "cross"}),
    ({"period": "2027/28"}, {"cross"}),
    ({"ward": "E05011118"}, set()),
])
def test_plan_filters(client_as, plans, params, names):
    body = client_as("admin").get(PLANS, params).json()
    assert {plan["title"] for plan in body["results"]} == {plans[name].title for name in names}


@pytest.mark.parametrize("params, field, message", [
    ({"period": "2026/28"}, "period", BAD_PERIOD),
    ({"ward": "Sparkbrook"}, "ward", GSS_CODE_INVALID),
    ({"status": "secret"}, "status", "Select a valid choice. secret is not one of the available choices."),
])
def test_bad_filters_are_a_400_with_the_field(client_as, params, field, message):
    response = client_as("anonymous").get(PLANS, params)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_a_filter_cannot_reveal_drafts(client_as, plans):
    assert client_as("resident").get(PLANS, {"status": "draft"}).json()["count"] == 0


def _small_and_big_plans():
    leads = (OrganisationFactory(name="Ladypool Homes"), UserFactory(officer=True, username="lead-officer"),
             OrganisationFactory(name="Balsall Heath Forum"))
    small = make_plan(SBHE, title="Small", priorities=3, actions=1, published=True, leads=leads)
    yield small
    big = make_plan(SHARD_END, title="Big", priorities=0)
    bulk_priorities(big, priorities=100, actions=5)
    Action.objects.filter(priority__plan=big, position__lte=2).update(status="on_track")
    yield services.ward_plan_set_status(plan=big, user=setup_admin(), version=big.version,
                                        status=PlanStatus.PUBLISHED)


# Count and page, then the wards; and the token, when signed in.
@pytest.mark.parametrize("role, queries", [("anonymous", 3), ("councillor_own", 4), ("admin", 4)])
def test_the_list_of_summaries_takes_the_same_queries_however_big_the_plans(
        client_as, people, django_assert_num_queries, role, queries):
    plans = _small_and_big_plans()
    small = next(plans)
    client = client_as(role)
    with django_assert_num_queries(queries):
        assert client.get(PLANS).json()["results"][0]["id"] == small.pk
    big = next(plans)
    with django_assert_num_queries(queries):
        body = client.get(PLANS).json()
    assert body["count"] == 2
    biggest = next(plan for plan in body["results"] if plan["id"] == big.pk)
    assert (biggest["priority_count"], biggest["action_count"]) == (100, 500)
    counts = {row["status"]: row["count"] for row in biggest["status_counts"]}
    assert (counts["on_track"], counts["not_started"], counts["done"]) == (200, 300, 0)


# Count and page, then wards, priorities, actions, partners and latest progress; and the token, when signed in.
@pytest.mark.parametrize("role, queries", [("anonymous", 7), ("councillor_own", 8), ("admin", 8)])
def test_the_expanded_list_takes_the_same_queries_however_big_the_plans(
        client_as, people, django_assert_num_queries, role, queries):
    plans = _small_and_big_plans()
    small = next(plans)
    client = client_as(role)
    with django_assert_num_queries(queries) as few:
        assert client.get(PLANS, {"expand": "priorities"}).json()["results"][0]["id"] == small.pk
    big = next(plans)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(PLANS, {"expand": "priorities"}).json()
    assert body["count"] == 2
    biggest = next(plan for plan in body["results"] if plan["id"] == big.pk)
    assert len(biggest["priorities"]) == 100
    assert sum(len(p["actions"]) for p in biggest["priorities"]) == 500
    assert biggest["priorities"][0]["actions"][0]["partners"]


SUMMARY = {"id", "title", "period", "status", "summary", "version", "published_at", "updated_at", "wards", "url",
           "page_url", "priority_count", "action_count", "status_counts"}
WHOLE = {"id", "title", "period", "status", "summary", "version", "published_at", "updated_at", "wards", "url",
         "page_url", "priorities", "status_counts"}


def test_the_list_carries_a_summary_of_each_plan_and_the_detail_the_whole(client_as, today_is):
    plan = make_plan(SHARD_END, title="Shard End plan", priorities=2, actions=3, published=True)
    client = client_as("partner")
    (listed,) = client.get(PLANS).json()["results"]
    assert set(listed) == SUMMARY
    assert (listed["priority_count"], listed["action_count"]) == (2, 6)
    assert {"status": "not_started", "label": "Not started", "count": 6} in listed["status_counts"]
    assert listed["wards"] == [{"gss_code": SHARD_END, "name": "Shard End"}]
    assert listed["url"] == f"http://testserver/api/v1/ward-plans/{plan.pk}/"
    assert listed["page_url"] == f"http://testserver/plans/{plan.pk}/"
    whole = client.get(listed["url"]).json()
    assert set(whole) == WHOLE
    assert [len(p["actions"]) for p in whole["priorities"]] == [3, 3]
    assert {key: whole[key] for key in SUMMARY & WHOLE} == {key: listed[key] for key in SUMMARY & WHOLE}
    (expanded,) = client.get(PLANS, {"expand": "priorities"}).json()["results"]
    assert expanded == whole


def test_an_expansion_other_than_priorities_is_a_400(client_as):
    response = client_as("anonymous").get(PLANS, {"expand": "actions"})
    assert response.status_code == 400
    assert response.json() == {"expand": [EXPAND_INVALID]}


def test_token_and_session_authentication(api_client, people, plans):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(people['councillor_own'])}")
    assert api_client.get(url(plans["draft"])).status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(url(plans["draft"]))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    api_client.credentials()
    api_client.force_login(people["councillor_own"])
    assert api_client.get(url(plans["draft"])).status_code == 200


def test_changes_are_in_the_plans_history(client_as, people, plans):
    plan = plans["draft"]
    client_as("councillor_own").patch(url(plan), {"summary": "Cleaner streets first.", "version": plan.version})
    latest = WardPlan.objects.get(pk=plan.pk).history.first()
    assert latest.history_user == people["councillor_own"]
    assert latest.summary == "Cleaner streets first."


def test_each_action_carries_its_latest_progress_without_who_wrote_it(client_as, people):
    plan = make_plan(SBHE, title="Progress", priorities=1, actions=2, published=True)
    first, second = Action.objects.filter(priority__plan=plan).order_by("position")
    officer = setup_admin()
    services.progress_update_create(action=first, user=officer, note="Skips booked for May.", status="on_track")
    services.progress_update_create(action=first, user=officer, note="Two clean-ups held.", status="on_track")
    actions = client_as("anonymous").get(url(plan)).json()["priorities"][0]["actions"]
    by_id = {a["id"]: a for a in actions}
    latest = by_id[first.pk]["latest_progress"]
    assert (latest["note"], latest["status"]) == ("Two clean-ups held.", "on_track")
    assert set(latest) == {"note", "status", "posted_at"}  # never the author
    assert by_id[second.pk]["latest_progress"] is None
