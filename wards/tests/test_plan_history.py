"""A plan's history page shows every change: its wards, an action's partners and re-ranking
included. Any two versions of the plan compare (a version being any saved state of the plan or
its parts), showing each priority and action as added, removed, moved or changed with the fields
that changed. Both pages need a number of queries that does not grow with the plan."""

import datetime
import re

import pytest
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory
from wards import selectors, services
from wards.forms.plans import CompareVersionsForm
from wards.models import Action, PlanStatus, Priority, Source, Theme, Ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_plans import WardPlanFactory
from wards.views.history import CHANGES_PER_PAGE

pytestmark = pytest.mark.django_db

SBHE, BALSALL_HEATH_WEST = "E05011170", "E05011122"


def ward(code):
    return Ward.objects.current().get(gss_code=code)


@pytest.fixture
def councillor(client):
    """A councillor seated in both Balsall Heath wards, signed in."""
    seat = CouncillorSeatFactory(ward=ward(SBHE))
    CouncillorSeatFactory(ward=ward(BALSALL_HEATH_WEST), councillor=seat.councillor)
    client.force_login(seat.councillor)
    return seat.councillor


def make_plan(user, *, priorities=3, actions=1, period="2026/27"):
    plan = services.ward_plan_create(user=user, wards=[ward(SBHE)], period=period, title="Sparkbrook plan")
    made = []
    for n in range(priorities):
        priority = services.priority_create(plan=plan, user=user, title=f"Priority {n + 1}", description="",
                                            theme=Theme.HOUSING, source=Source.FORUM)
        for m in range(actions):
            services.action_create(priority=priority, user=user, description=f"Action {n + 1}.{m + 1}",
                                   partners=[OrganisationFactory(name=f"Partner {n + 1}.{m + 1}")],
                                   due_date=datetime.date(2027, 3, 31))
        made.append(priority)
    return plan, made


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def history_page(client, plan) -> str:
    response = client.get(f"/plans/{plan.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def compare_page(client, plan, older, newer, *, status=200) -> str:
    response = client.get(f"/plans/{plan.pk}/history/compare/", {"from": older.key, "to": newer.key})
    assert response.status_code == status
    return response.content.decode()


def versions(plan):
    """The plan's versions, oldest first."""
    return selectors.PlanHistory(plan).versions


def latest(plan):
    return versions(plan)[-1]


def change_row(label, old, new) -> str:
    return f"<strong>{label}</strong>: <del>{escape(old)}</del> → <ins>{escape(new)}</ins>"


def before_after(label, old, new) -> str:
    """A changed field on the comparison page."""
    return (f'<dt class="govuk-summary-list__key">{label}</dt>\n'
            f'    <dd class="govuk-summary-list__value">\n'
            f'      <p class="govuk-body govuk-!-margin-bottom-1"><strong>Before:</strong> '
            f'<del>{escape(old)}</del></p>\n'
            f'      <p class="govuk-body govuk-!-margin-bottom-0"><strong>After:</strong> <ins>{escape(new)}</ins></p>')


def value_row(label, value) -> str:
    """A field of an added or a removed part on the comparison page."""
    return (f'<dt class="govuk-summary-list__key">{label}</dt>\n'
            f'    <dd class="govuk-summary-list__value">{escape(value)}</dd>')


def card(page, heading_start) -> str:
    """The comparison page's card of one priority, from its heading to the next card."""
    start = page.index(heading_start)
    end = page.find('<section class="govuk-summary-card"', start)
    return page[start:end if end != -1 else len(page)]


# The history list


def test_a_change_of_the_plans_wards_is_in_its_history(client, councillor):
    plan, _ = make_plan(councillor)
    services.ward_plan_update(plan=plan, user=councillor, version=plan.version,
                              wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    page = history_page(client, plan)
    assert change_row("Wards", "Sparkbrook & Balsall Heath East",
                      "Balsall Heath West, Sparkbrook & Balsall Heath East") in page
    assert escape(councillor.display_name) in page


def test_a_change_of_an_actions_partners_is_in_its_history(client, councillor):
    plan, priorities = make_plan(councillor)
    action = priorities[0].actions.get()
    police = OrganisationFactory(name="West Midlands Police (Sparkbrook)")
    services.action_update(action=action, user=councillor, version=action.version, description=action.description,
                           lead_organisation=None, partners=[police], due_date=action.due_date,
                           status=action.status)
    page = history_page(client, plan)
    assert "Changed action: Action 1.1" in page
    assert change_row("Partners", "Partner 1.1", "West Midlands Police (Sparkbrook)") in page


def test_re_ranking_is_in_the_history_as_moves(client, councillor):
    plan, (first, second, third) = make_plan(councillor)
    services.priority_move(priority=third, user=councillor, direction="up")
    page = history_page(client, plan)
    assert "Moved priority: Priority 3" in page and "Moved from 3rd to 2nd" in page
    assert "Moved priority: Priority 2" in page and "Moved from 2nd to 3rd" in page
    assert "<strong>Rank</strong>: <del>" not in page  # a move reads as a move, not as a changed field
    # Removing the first priority moves the others up, and that is kept too.
    services.priority_delete(priority=first, user=councillor, version=first.version)
    page = history_page(client, plan)
    assert "Removed priority: Priority 1" in page
    assert "Moved from 2nd to 1st" in page  # Priority 3, ranked 2nd, is now 1st


def test_a_move_of_seven_places_is_one_version_that_says_so(client, councillor):
    plan, priorities = make_plan(councillor, priorities=7, actions=0)
    count = len(versions(plan))
    services.priority_move_to(priority=priorities[6], user=councillor, version=1, position=1)
    assert len(versions(plan)) == count + 1  # seven entries, one version of the plan
    assert latest(plan).summary == "Moved priority ‘Priority 7’ from 7th to 1st; 6 other priorities moved"
    page = history_page(client, plan)
    assert "Moved priority: Priority 7" in page and "Moved from 7th to 1st" in page
    assert "Moved from 1st to 2nd" in page and "Moved from 6th to 7th" in page
    # The main move comes first among the version's entries.
    assert page.index("Moved from 7th to 1st") < page.index("Moved from 1st to 2nd")


def test_an_action_moved_on_its_priority_is_in_the_history(client, councillor):
    plan, (priority, *_) = make_plan(councillor, priorities=1, actions=3)
    third = priority.actions.get(position=3)
    services.action_move_to(action=third, user=councillor, version=third.version, position=1)
    page = history_page(client, plan)
    assert "Moved action: Action 1.3" in page and "Moved from 3rd to 1st" in page
    assert "On the priority ‘Priority 1’" in page
    assert latest(plan).summary == "Moved action ‘Action 1.3’ from 3rd to 1st; 2 other actions moved"


def test_added_items_show_their_values_and_removed_ones_what_they_were(client, councillor):
    plan, (priority,) = make_plan(councillor, priorities=1, actions=0)
    services.action_create(priority=priority, user=councillor, description="Litter picks every month",
                           partners=[OrganisationFactory(name="Keep Sparkbrook Tidy")],
                           due_date=datetime.date(2027, 3, 31))
    page = history_page(client, plan)
    added = page[page.index("Added action: Litter picks every month"):]
    added = added[:added.index("</tr>")]
    assert "<strong>Description</strong>: Litter picks every month" in added
    assert "<strong>Partners</strong>: Keep Sparkbrook Tidy" in added
    assert "<strong>Due date</strong>: 31 March 2027" in added and "<strong>Status</strong>: Not started" in added
    assert "—" not in added
    assert "<strong>Title</strong>: Priority 1" in page and "<strong>Theme</strong>: Housing" in page
    action = priority.actions.get()
    services.action_delete(action=action, user=councillor, version=action.version)
    page = history_page(client, plan)
    removed = page[page.index("Removed action: Litter picks every month"):]
    removed = removed[:removed.index("</tr>")]
    assert "<strong>Description</strong>: Litter picks every month" in removed
    assert "<strong>Partners</strong>: Keep Sparkbrook Tidy" in removed


LONG = ("Work with the Balsall Heath Residents' Network to map every alley where fly-tipping returns within a "
        "month of a clear-up, then agree with Street Scene a rota of evening patrols and a camera for the worst "
        "three, reporting back to the Ward Forum in the spring with what changed and what did not. ") * 3


def test_descriptions_are_shown_whole_and_names_cut_at_a_word(client, councillor):
    plan, (priority,) = make_plan(councillor, priorities=1, actions=0)
    before = versions(plan)[-1]
    services.action_create(priority=priority, user=councillor, description=LONG.strip())
    services.priority_update(priority=priority, user=councillor, version=priority.version, title=priority.title,
                             description=LONG.strip(), theme=priority.theme, source=priority.source)
    page = history_page(client, plan)
    assert escape(LONG.strip()) in page  # the description, whole
    # An action is named by its description, shortened at a word with an ellipsis.
    name = "Added action: Work with the Balsall Heath Residents&#x27; Network to map every alley where…"
    assert name in page
    compared = compare_page(client, plan, before, latest(plan))
    assert compared.count(escape(LONG.strip())) == 2  # the action's, and the priority's description
    assert "Residents&#x27; Network to map every alley where…" in compared
    assert "wher…" not in page + compared and "whe…" not in page + compared


# Versions: any saved state of the plan or its parts


def test_every_saved_change_is_a_version_offered_newest_first(client, councillor):
    plan, (priority, *_) = make_plan(councillor, priorities=2, actions=1)
    services.priority_update(priority=priority, user=councillor, version=priority.version, title="Cleaner streets",
                             description="", theme=priority.theme, source=priority.source)
    found = versions(plan)
    # The plan, two priorities and their actions added, then one priority changed.
    assert [v.number for v in found] == [1, 2, 3, 4, 5, 6]
    assert [v.summary for v in found] == [
        "Added plan ‘Sparkbrook plan’", "Added priority ‘Priority 1’", "Added action ‘Action 1.1’",
        "Added priority ‘Priority 2’", "Added action ‘Action 2.1’", "Changed priority ‘Cleaner streets’: title"]
    page = history_page(client, plan)
    assert "The plan has 6 versions" in page
    earlier = page[page.index('<select class="govuk-select" id="id_from"'):]
    earlier = earlier[:earlier.index("</select>")]
    options = [line.strip() for line in earlier.splitlines() if "<option" in line]
    assert len(options) == 6
    assert options[0].startswith(f'<option value="{found[-1].key}">Version 6: ')
    assert f"{escape(councillor.display_name)}: Changed priority ‘Cleaner streets’: title</option>" in options[0]
    assert options[-1].startswith(f'<option value="{found[0].key}" selected>Version 1: ')
    # All changed today: the plan as first saved, against the latest, answers "what changed today?".
    later = page[page.index('id="id_to"'):]
    assert f'<option value="{found[-1].key}" selected>' in later[:later.index("</select>")]
    assert "Chosen for you: the plan as it was first saved today" in page


def test_the_earlier_version_offered_is_the_last_one_before_today(client, councillor):
    plan, (priority, *_) = make_plan(councillor, priorities=2, actions=0)
    yesterday = datetime.timedelta(days=1)
    for model in (type(plan), Priority, Action):
        model.history.update(history_date=F("history_date") - yesterday)
    services.priority_update(priority=priority, user=councillor, version=priority.version, title="Today's title",
                             description="", theme=priority.theme, source=priority.source)
    services.priority_move_to(priority=fresh(priority), user=councillor, version=2, position=2)
    found = versions(plan)
    assert [timezone.localdate(v.when) < timezone.localdate() for v in found] == [True, True, True, False, False]
    page = history_page(client, plan)
    assert f'<option value="{found[2].key}" selected>Version 3: ' in page  # the last one saved before today
    assert "Chosen for you: the plan as it stood before today&#x27;s changes" in page
    compared = compare_page(client, plan, found[2], found[-1])
    assert "What changed between version 3 and version 5" in compared
    assert before_after("Title", "Priority 1", "Today's title") in compared
    assert "Moved from 1st to 2nd." in compared


def offered(page, name) -> list[str]:
    """The values of the options of the select `name` on a page, in order."""
    select = page[page.index(f'name="{name}"'):]
    select = select[:select.index("</select>")]
    return re.findall(r'<option value="([^"]*)"', select)


def test_comparing_the_two_newest_versions_offered_shows_no_priority_as_added(client, councillor):
    """The bug, as a councillor met it: a plan is drafted (three priorities with actions), then
    published. Its history offered two versions, and comparing them showed every priority as
    "Added", though all three stood in the plan before it was published."""
    plan, _ = make_plan(councillor, priorities=3, actions=1)
    services.ward_plan_set_status(plan=fresh(plan), user=councillor, version=1, status=PlanStatus.PUBLISHED)
    newest, second = offered(history_page(client, plan), "from")[:2]
    response = client.get(f"/plans/{plan.pk}/history/compare/", {"from": second, "to": newest})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published" in page
    assert 'govuk-tag--green">Added' not in page


def test_the_cause_of_every_priority_showing_as_added_is_fixed(client, councillor):
    """The bug: versions were only the saves of the WardPlan row, and each was read as the plan
    stood at the moment that row was saved. A plan's first save comes before any priority, so the
    two versions offered (created, published) showed every priority as "Added", though every one
    had been in the plan for all of version 1. Now each saved change is a version, read with
    everything saved up to it, and parts are matched by their record's id."""
    plan, _ = make_plan(councillor, priorities=3, actions=1)
    before_publishing = latest(plan)
    plan = services.ward_plan_set_status(plan=fresh(plan), user=councillor, version=1, status=PlanStatus.PUBLISHED)
    published = latest(plan)
    assert (before_publishing.number, published.number) == (7, 8)  # not the plan row's versions 1 and 2
    page = compare_page(client, plan, before_publishing, published)
    assert before_after("Status", "Draft", "Published") in page
    assert "govuk-tag--green" not in page and "govuk-tag--red" not in page  # nothing added, nothing removed
    assert "No priority or action changed." in page
    assert "The 3 priorities and their actions did not change" in page
    # Matched by id, across any two versions where a priority stands in both: never "Added".
    history = selectors.PlanHistory(plan)
    for older in history.versions[1:]:
        result = history.compare(older, published)
        standing = {row.name for row in result["rows"] + result["unchanged"] if row.state != "Added"}
        assert all(row.state != "Added" for row in result["rows"] if row.name in standing)
        assert len(result["rows"] + result["unchanged"]) == 3


def test_any_two_versions_compare_in_either_order(client, councillor):
    plan, (first, second, third) = make_plan(councillor, priorities=3, actions=0)
    found = versions(plan)
    page = compare_page(client, plan, found[-1], found[1])  # the later one first
    assert "What changed between version 2 and version 4" in page
    assert "2nd priority: Priority 2" in page and "3rd priority: Priority 3" in page
    assert "1st priority: Priority 1" in page  # unchanged, counted apart
    assert "1 other priority and its actions did not change" in page


# The comparison


def test_the_comparison_shows_added_removed_moved_and_changed_with_their_fields(client, councillor):
    plan, (first, second, third, fourth) = make_plan(councillor, priorities=4, actions=2)
    start = latest(plan)
    # Moved: the fourth priority to the top, and an action within the first.
    services.priority_move_to(priority=fourth, user=councillor, version=1, position=1)
    action = first.actions.get(position=2)
    services.action_move_to(action=action, user=councillor, version=action.version, position=1)
    # Changed: a priority's title and description, an action's status and partners.
    second = fresh(second)
    services.priority_update(priority=second, user=councillor, version=second.version, title="Safer parks",
                             description="Lighting and patrols.", theme=Theme.COMMUNITY_SAFETY,
                             source=second.source)
    action = second.actions.get(position=1)
    services.action_update(action=action, user=councillor, version=action.version, description=action.description,
                           partners=[OrganisationFactory(name="Friends of Calthorpe Park")],
                           due_date=action.due_date, status="at_risk")
    # Removed: the third priority with its actions. Added: a priority with an action.
    third = fresh(third)
    services.priority_delete(priority=third, user=councillor, version=third.version)
    new = services.priority_create(plan=plan, user=councillor, title="Youth clubs", description="Open on Fridays.",
                                   theme=Theme.CHILDREN_YOUNG_PEOPLE, source=Source.RESIDENT_IDEA)
    services.action_create(priority=new, user=councillor, description="Find a hall",
                           due_date=datetime.date(2027, 1, 31),
                           partners=[OrganisationFactory(name="Sparkbrook Youth Project")])
    page = compare_page(client, plan, start, latest(plan))

    assert "Priorities</dt>\n    <dd class=\"govuk-summary-list__value\">1 added, 1 removed, 2 moved, 1 changed" in page
    assert "The plan's own details did not change." in page

    moved = card(page, "1st priority: Priority 4")
    assert '<strong class="govuk-tag govuk-tag--purple">Moved</strong>' in moved
    assert "Moved from 4th to 1st." in moved
    assert "Its 2 actions did not change" in moved

    moved = card(page, "2nd priority: Priority 1")
    assert "Moved from 1st to 2nd." in moved
    assert "Action 1: Action 1.2" in moved and "Action 2: Action 1.1" in moved
    assert moved.count("<strong class=\"govuk-tag govuk-tag--purple\">Moved</strong>") == 3

    changed = card(page, "3rd priority: Safer parks")
    assert '<strong class="govuk-tag govuk-tag--yellow">Changed</strong>' in changed
    assert "Moved from 2nd to 3rd." in changed
    assert before_after("Title", "Priority 2", "Safer parks") in changed
    assert before_after("Theme", "Housing", "Community safety") in changed
    assert "<strong>Before:</strong> not set</p>" in changed and "<ins>Lighting and patrols.</ins>" in changed
    assert before_after("Status", "Not started", "At risk") in changed
    assert before_after("Partners", "Partner 2.1", "Friends of Calthorpe Park") in changed
    assert "1 other action did not change" in changed  # Action 2.2

    added = card(page, "4th priority: Youth clubs")
    assert '<strong class="govuk-tag govuk-tag--green">Added</strong>' in added
    for label, value in [("Title", "Youth clubs"), ("Description", "Open on Fridays."),
                         ("Theme", "Children and young people"), ("Where it came from", "Resident idea"),
                         ("Description", "Find a hall"), ("Due date", "31 January 2027"),
                         ("Partners", "Sparkbrook Youth Project"), ("Status", "Not started")]:
        assert value_row(label, value) in added
    assert "—" not in added

    removed = card(page, "Was the 3rd priority: Priority 3")
    assert '<strong class="govuk-tag govuk-tag--red">Removed</strong>' in removed
    assert "What it was:" in removed and value_row("Title", "Priority 3") in removed
    assert "Was action 1: Action 3.1" in removed and value_row("Partners", "Partner 3.1") in removed
    assert "Was action 2: Action 3.2" in removed


def test_the_plans_own_fields_compare(client, councillor):
    plan, _ = make_plan(councillor, priorities=1, actions=0)
    start = latest(plan)
    services.ward_plan_update(plan=fresh(plan), user=councillor, version=1, title="Sparkbrook Ward Plan",
                              summary="What we will do this year.", wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    page = compare_page(client, plan, start, latest(plan))
    assert before_after("Title", "Sparkbrook plan", "Sparkbrook Ward Plan") in page
    assert before_after("Wards", "Sparkbrook & Balsall Heath East",
                        "Balsall Heath West, Sparkbrook & Balsall Heath East") in page
    assert "<ins>What we will do this year.</ins>" in page
    assert "No priority or action changed." in page


# Choices that name no version


@pytest.mark.parametrize("query, message", [
    ({}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "x", "to": "y"}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "plan-abc"}, CompareVersionsForm.LATER_MISSING),
    ({"from": "priority-99999999999999999999999"}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "priority-0"}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "action-1\x00"}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "42", "to": "43"}, CompareVersionsForm.EARLIER_MISSING),
    ({"from": "FIRST", "to": "FIRST"}, CompareVersionsForm.SAME_VERSION),
    ({"from": "OTHER", "to": "FIRST"}, CompareVersionsForm.EARLIER_MISSING),
])
def test_a_choice_that_names_no_version_or_one_twice_gets_a_message(client, councillor, query, message):
    plan, _ = make_plan(councillor, priorities=1, actions=0)
    other, _ = make_plan(councillor, priorities=1, actions=0, period="2027/28")
    keys = {"FIRST": versions(plan)[0].key, "OTHER": versions(other)[-1].key}
    query = {name: keys.get(value, value) for name, value in query.items()}
    response = client.get(f"/plans/{plan.pk}/history/compare/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and escape(message) in page
    assert "<title>Error: History" in page and "Every change, newest first" in page
    # Each select shows a version again: the one chosen, or the one offered first.
    for name in ("from", "to"):
        select = page[page.index(f'name="{name}"'):]
        assert " selected>" in select[:select.index("</select>")]


def test_a_plan_of_one_version_offers_nothing_to_compare(client, councillor):
    plan = services.ward_plan_create(user=councillor, wards=[ward(SBHE)], period="2026/27", title="New")
    page = history_page(client, plan)
    assert "Compare versions" not in page and "Added plan: New" in page
    response = client.get(f"/plans/{plan.pk}/history/compare/", {"from": versions(plan)[0].key,
                                                                  "to": versions(plan)[0].key})
    assert response.status_code == 400


@pytest.mark.parametrize("role, status", [("resident", 403), ("councillor_other", 403), ("admin", 200)])
def test_only_the_plans_editors_compare_its_versions(client, people, role, status):
    plan, _ = make_plan(people["councillor_own"], priorities=1, actions=0)
    plan = services.ward_plan_set_status(plan=plan, user=people["councillor_own"], version=1,
                                         status=PlanStatus.PUBLISHED)
    client.force_login(people[role])
    found = versions(plan)
    assert client.get(f"/plans/{plan.pk}/history/compare/",
                      {"from": found[0].key, "to": found[-1].key}).status_code == status
    client.logout()
    response = client.get(f"/plans/{plan.pk}/history/compare/", {"from": found[0].key, "to": found[-1].key})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_plan_made_by_the_factories_has_a_history_too(client, councillor):
    plan = WardPlanFactory(title="Factory plan")
    assert "Added plan: Factory plan" in history_page(client, plan)


# Queries


def _grow(user, plan, priorities):
    """More versions of every kind: the wards, a title, moves of priorities and actions."""
    plan = services.ward_plan_update(plan=fresh(plan), user=user, version=fresh(plan).version, title="Bigger plan",
                                     wards=[ward(SBHE), ward(BALSALL_HEATH_WEST)])
    services.ward_plan_update(plan=plan, user=user, version=plan.version, wards=[ward(BALSALL_HEATH_WEST)])
    for priority in priorities[1:]:
        services.priority_move(priority=priority, user=user, direction="up")
    for priority in priorities:
        action = priority.actions.order_by("position").last()
        services.action_move_to(action=action, user=user, version=action.version, position=1)


def test_history_reads_need_the_same_queries_however_big_the_plan(client, councillor, django_assert_num_queries,
                                                                   session_queries):
    small, priorities = make_plan(councillor, priorities=1, actions=2)
    _grow(councillor, small, priorities)
    big, priorities = make_plan(councillor, priorities=8, actions=4, period="2027/28")
    _grow(councillor, big, priorities)
    assert len(versions(big)) > 3 * len(versions(small))
    counts = []
    for plan in (small, big):
        found = versions(plan)
        with django_assert_num_queries(11 + session_queries) as history:
            page = history_page(client, plan)
        assert page.count("Moved from") >= 2
        with django_assert_num_queries(11 + session_queries) as compared:
            compare_page(client, plan, found[1], found[-1])
        counts.append((len(history.captured_queries), len(compared.captured_queries)))
    assert counts[0] == counts[1]


def test_the_changes_are_listed_newest_first_fifty_a_page(client, councillor):
    plan, _ = make_plan(councillor, priorities=6, actions=9)  # the plan, 6 priorities and 54 actions added
    client.force_login(councillor)
    first = client.get(f"/plans/{plan.pk}/history/")
    changes = first.context["changes"]
    assert len(changes) == CHANGES_PER_PAGE and changes.paginator.count == 61
    assert changes[0].name == "Action 6.9" and "Page 1 of 2 (1 to 50 of 61)" in first.content.decode()
    assert 'href="?page=2#changes"' in first.content.decode()
    rest = client.get(f"/plans/{plan.pk}/history/?page=2").context["changes"]
    assert [change.name for change in rest][-1] == "Sparkbrook plan"  # the first change, last
    assert len(rest) == 11
    assert len(client.get(f"/plans/{plan.pk}/history/?page=x").context["changes"]) == CHANGES_PER_PAGE
