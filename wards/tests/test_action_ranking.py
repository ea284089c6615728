"""Ranking a priority's actions as its priorities are ranked: one "Move to position" step takes an
action to any place on its priority, the others shift by one, each changed place is one history
entry (keeping the action's partners), a stale page is refused, and the move needs the same
queries however many actions the priority has."""

import datetime

import pytest
from django.utils.html import escape

from localism.accounts.tests.factories import OrganisationFactory
from wards import selectors, services
from wards.models import Action, PlanStatus, Source, Theme
from wards.services.plans import POSITION_OUT_OF_RANGE
from wards.tests.conftest import SBHE, ward
from wards.tests.factories_plans import ActionFactory, PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db


def make_priority(user, count=5, *, period="2026/27", partners=True):
    """A plan with a priority of `count` actions, A1 to A<count>, each with a partner, and a
    second priority with one action."""
    plan = services.ward_plan_create(user=user, wards=[ward(SBHE)], title="Sparkbrook plan", period=period)
    priority = services.priority_create(plan=plan, user=user, title="Clean streets", description="",
                                        theme=Theme.CLEAN_GREEN, source=Source.FORUM)
    for n in range(1, count + 1):
        services.action_create(priority=priority, user=user, description=f"A{n}",
                               partners=[OrganisationFactory(name=f"Partner {n}")] if partners else [],
                               due_date=datetime.date(2027, 3, 31))
    other = services.priority_create(plan=plan, user=user, title="Youth clubs", description="",
                                     theme=Theme.CHILDREN_YOUNG_PEOPLE, source=Source.FORUM)
    services.action_create(priority=other, user=user, description="B1")
    return priority


def order(priority) -> list[str]:
    return list(priority.actions.order_by("position").values_list("description", flat=True))


def places(priority) -> list[tuple[str, int, int]]:
    return list(priority.actions.order_by("pk").values_list("description", "position", "version"))


def history_count(priority) -> int:
    return Action.history.filter(priority_id=priority.pk).count()


def action(priority, description) -> Action:
    return priority.actions.get(description=description)


def move(client, target: Action, position, *, version=None):
    version = Action.objects.get(pk=target.pk).version if version is None else version
    return client.post(f"/plans/actions/{target.pk}/position/", {"position": position, "version": version})


@pytest.fixture
def councillor(people, client):
    client.force_login(people["councillor_own"])
    return people["councillor_own"]


def test_the_fifth_action_becomes_the_first_in_one_post(client, councillor):
    priority = make_priority(councillor)
    response = move(client, action(priority, "A5"), 1)
    assert response.status_code == 302
    assert response["Location"] == f"{priority.plan.get_absolute_url()}#action-{action(priority, 'A5').pk}"
    assert order(priority) == ["A5", "A1", "A2", "A3", "A4"]
    assert sorted(priority.actions.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    page = client.get(priority.plan.get_absolute_url()).content.decode()
    assert "‘A5’ is now action 1 of Clean streets." in page


def test_the_first_action_goes_last_and_only_those_between_change(councillor):
    priority = make_priority(councillor, 4)
    moved = services.action_move_to(action=action(priority, "A2"), user=councillor, version=1, position=4)
    assert (moved.position, moved.version) == (4, 2)
    assert order(priority) == ["A1", "A3", "A4", "A2"]
    assert [version for _, _, version in places(priority)] == [1, 2, 2, 2]


def test_the_same_position_changes_nothing_and_adds_no_history(client, councillor):
    priority = make_priority(councillor, 3)
    before, entries = places(priority), history_count(priority)
    assert move(client, action(priority, "A2"), 2).status_code == 302
    assert places(priority) == before and history_count(priority) == entries


def test_actions_move_only_within_their_own_priority(councillor):
    priority = make_priority(councillor, 2)
    other = priority.plan.priorities.get(title="Youth clubs")
    with pytest.raises(services.plans.Invalid):
        services.action_move_to(action=other.actions.get(), user=councillor, version=1, position=2)
    assert order(other) == ["B1"] and order(priority) == ["A1", "A2"]


@pytest.mark.parametrize("position", ["0", "6", "-1", "abc", "", "2.5", "99999999999999999999"])
def test_a_position_out_of_range_is_refused_with_a_message(client, councillor, position):
    priority = make_priority(councillor)
    before, entries = places(priority), history_count(priority)
    response = move(client, action(priority, "A5"), position)
    assert response.status_code == 400
    page = response.content.decode()
    assert escape(POSITION_OUT_OF_RANGE.format(count=5)) in page
    assert "Move action ‘A5’" in page and "It is action 5 of 5 on the priority ‘Clean streets’." in page
    assert places(priority) == before and history_count(priority) == entries


@pytest.mark.parametrize("position", [0, 4, -1, 99999999999999999999, "1"])
def test_the_service_refuses_a_position_out_of_range(councillor, position):
    priority = make_priority(councillor, 3)
    before = places(priority)
    with pytest.raises(services.plans.Invalid) as refused:
        services.action_move_to(action=action(priority, "A3"), user=councillor, version=1, position=position)
    assert refused.value.message_dict == {"position": [POSITION_OUT_OF_RANGE.format(count=3)]}
    assert places(priority) == before


def test_a_stale_version_is_refused_with_409(client, councillor):
    priority = make_priority(councillor, 4)
    a4 = action(priority, "A4")
    services.action_move_to(action=a4, user=councillor, version=1, position=3)  # someone else, meanwhile
    before, entries = places(priority), history_count(priority)
    response = move(client, a4, 1, version=1)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this action" in page and "Someone else saved a newer version" in page
    assert places(priority) == before and history_count(priority) == entries
    # The form now carries the stored version: moving again goes through.
    assert 'name="version" value="2"' in page
    assert move(client, a4, 1, version=2).status_code == 302
    assert order(priority) == ["A4", "A1", "A2", "A3"]


def test_an_edit_of_the_action_meanwhile_makes_the_move_stale(client, councillor):
    priority = make_priority(councillor, 3)
    a3 = action(priority, "A3")
    services.action_update(action=a3, user=councillor, version=1, description="A3, renamed", partners=[],
                           status=a3.status, due_date=a3.due_date)
    assert move(client, a3, 1, version=1).status_code == 409
    assert order(priority) == ["A1", "A2", "A3, renamed"]


def test_an_action_removed_meanwhile_is_not_found(client, councillor):
    priority = make_priority(councillor, 3)
    a3 = action(priority, "A3")
    services.action_delete(action=a3, user=councillor, version=1)
    with pytest.raises(services.plans.NotFound):
        services.action_move_to(action=a3, user=councillor, version=1, position=1)
    assert move(client, a3, 1, version=1).status_code == 404


@pytest.mark.parametrize("role, status", [
    ("anonymous", 302), ("resident", 403), ("partner", 403), ("officer", 403), ("councillor_other", 403),
    ("councillor_cross", 403), ("councillor_own", 302), ("admin", 302)])
def test_who_may_move_an_action(client, people, role, status):
    priority = make_priority(people["councillor_own"], 3)
    services.ward_plan_set_status(plan=priority.plan, user=people["councillor_own"], version=1,
                                  status=PlanStatus.PUBLISHED)
    if people[role] is not None:
        client.force_login(people[role])
    before, entries = places(priority), history_count(priority)
    url = f"/plans/actions/{action(priority, 'A3').pk}/position/"
    if role in {"councillor_own", "admin"}:
        assert client.get(url).status_code == 200
        assert move(client, action(priority, "A3"), 1).status_code == 302
        assert order(priority) == ["A3", "A1", "A2"]
        return
    for response in (client.get(url), move(client, action(priority, "A3"), 1),
                     move(client, action(priority, "A3"), "abc")):
        assert response.status_code == status
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next=")
    assert places(priority) == before and history_count(priority) == entries


def test_the_service_refuses_the_wrong_role(people):
    priority = make_priority(people["councillor_own"], 2)
    for role in ("resident", "partner", "officer", "councillor_other", "anonymous"):
        with pytest.raises(services.plans.Refused):
            services.action_move_to(action=action(priority, "A2"), user=people[role], version=1, position=1)
    assert order(priority) == ["A1", "A2"]


def test_the_plan_page_asks_for_the_place_with_the_current_one_filled_in(client, councillor):
    priority = make_priority(councillor, 3)
    a2 = action(priority, "A2")
    page = client.get(priority.plan.get_absolute_url()).content.decode()
    form = page[page.index(f'action="/plans/actions/{a2.pk}/position/"'):]
    form = form[:form.index("</form>")]
    assert f'<label class="govuk-label" for="action-move-to-{a2.pk}">Move<span class="govuk-visually-hidden"> ' \
           f'action ‘A2’</span> to position (1 to 3)</label>' in form
    assert f'<input class="govuk-input govuk-input--width-3" id="action-move-to-{a2.pk}" name="position" ' \
           'type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="2">' in form
    assert "<option" not in form
    assert f'name="version" value="{a2.version}"' in form
    assert "csrfmiddlewaretoken" in form
    # The priorities' select is the same piece of the page.
    assert f'<select class="govuk-select" id="move-to-{priority.pk}" name="position">' in page
    # A priority with one action has nothing to move.
    only = priority.plan.priorities.get(title="Youth clubs").actions.get()
    assert f"/plans/actions/{only.pk}/position/" not in page


def test_the_place_typed_on_the_plan_page_moves_the_action(client, councillor):
    priority = make_priority(councillor, 4)
    response = move(client, action(priority, "A4"), " 2 ")
    assert response.status_code == 302
    assert order(priority) == ["A1", "A4", "A2", "A3"]


def test_each_actions_move_form_is_the_same_size_however_many_actions(client, councillor):
    """Each action's move form is one field, not a list of every place: the editor's page grows
    with the actions, not with their square."""
    def form_length(count, period):
        priority = make_priority(councillor, count, period=period)
        first = action(priority, "A1")
        page = client.get(priority.plan.get_absolute_url()).content.decode()
        form = page[page.index(f'action="/plans/actions/{first.pk}/position/"'):]
        # The action's id appears in its form's address and field id only: those two are set
        # aside, not every run of its digits (which may also be in "(1 to 40)").
        form = form[:form.index("</form>")]
        form = form.replace(f"/plans/actions/{first.pk}/", "/plans/actions/#/").replace(
            f'"action-move-to-{first.pk}"', '"action-move-to-#"')
        return len(form)
    assert form_length(40, "2027/28") - form_length(3, "2026/27") == len("(1 to 40)") - len("(1 to 3)")


def test_readers_have_no_move_select(client, councillor, people):
    priority = make_priority(councillor, 2)
    services.ward_plan_set_status(plan=priority.plan, user=councillor, version=1, status=PlanStatus.PUBLISHED)
    client.force_login(people["resident"])
    assert "/position/" not in client.get(priority.plan.get_absolute_url()).content.decode()


def test_one_history_entry_for_each_changed_place_keeping_the_partners(client, councillor):
    priority = make_priority(councillor, 4)
    entries = history_count(priority)
    services.action_move_to(action=action(priority, "A4"), user=councillor, version=1, position=1)
    new = Action.history.filter(priority_id=priority.pk).order_by("history_id")[entries:]
    assert sorted((h.description, h.position, h.history_type, h.history_user_id) for h in new) == [
        ("A1", 2, "~", councillor.pk), ("A2", 3, "~", councillor.pk), ("A3", 4, "~", councillor.pk),
        ("A4", 1, "~", councillor.pk)]
    assert len({h.history_date for h in new}) == 1  # one moment: one version of the plan
    assert sorted(", ".join(p.organisation.name for p in h.partners.all()) for h in new) == [
        "Partner 1", "Partner 2", "Partner 3", "Partner 4"]
    page = client.get(f"/plans/{priority.plan_id}/history/").content.decode()
    assert "Moved action: A4" in page and "Moved from 4th to 1st" in page
    assert "Moved from 1st to 2nd" in page and "Moved from 3rd to 4th" in page
    assert "<strong>Partners</strong>" not in page.split("Moved action: A4")[0]  # no partner seems to change


def test_a_move_shows_in_the_comparison(client, councillor):
    priority = make_priority(councillor, 3)
    before = selectors.PlanHistory(priority.plan).versions[-1]
    services.action_move_to(action=action(priority, "A3"), user=councillor, version=1, position=1)
    history = selectors.PlanHistory(priority.plan)
    result = history.compare(before, history.versions[-1])
    (row,) = result["rows"]
    assert (row.name, row.tag) == ("Clean streets", "Its actions changed")
    assert [(a.name, a.state, a.moved, a.changes) for a in row.actions] == [
        ("A3", "Moved", ("3rd", "1st"), []), ("A1", "Moved", ("1st", "2nd"), []),
        ("A2", "Moved", ("2nd", "3rd"), [])]
    assert result["counts"]["action"] == "3 moved, 1 unchanged"


def test_removing_an_action_moves_those_below_it_up(councillor):
    priority = make_priority(councillor, 4)
    services.action_delete(action=action(priority, "A2"), user=councillor, version=1)
    assert list(priority.actions.order_by("position").values_list("description", "position")) == [
        ("A1", 1), ("A3", 2), ("A4", 3)]


def test_places_with_gaps_are_closed_by_a_move(councillor):
    priority = PriorityFactory(plan=WardPlanFactory())
    a, b, c = (ActionFactory(priority=priority, description=d, position=p) for d, p in [("A", 2), ("B", 5), ("C", 9)])
    services.action_move_to(action=c, user=councillor, version=1, position=2)
    assert list(priority.actions.order_by("position").values_list("description", "position")) == [
        ("A", 1), ("C", 2), ("B", 3)]


def test_a_copied_plan_numbers_the_open_actions_without_gaps(councillor):
    priority = make_priority(councillor, 3)
    a2 = action(priority, "A2")
    services.action_update(action=a2, user=councillor, version=1, description="A2", partners=[],
                           status="done", due_date=a2.due_date)
    copy = services.ward_plan_create(user=councillor, wards=[ward(SBHE)], title="Next year", period="2027/28",
                                     copy_from=priority.plan)
    copied = copy.priorities.get(title="Clean streets")
    assert list(copied.actions.order_by("position").values_list("description", "position")) == [
        ("A1", 1), ("A3", 2)]


def _queries_of_a_move(client, user, count, period, capture) -> tuple[int, int]:
    """The queries of moving the last action first through the service, then the first one last
    through the page."""
    priority = make_priority(user, count, period=period)
    last, first = action(priority, f"A{count}"), action(priority, "A1")
    with capture() as service_queries:
        services.action_move_to(action=last, user=user, version=1, position=1)
    with capture() as page_queries:
        response = client.post(f"/plans/actions/{first.pk}/position/", {"position": count, "version": 2})
    assert response.status_code == 302
    assert order(priority)[0] == f"A{count}" and order(priority)[-1] == "A1"
    return len(service_queries.captured_queries), len(page_queries.captured_queries)


def test_a_move_needs_the_same_queries_however_many_actions(client, councillor, django_assert_max_num_queries):
    def capture():
        return django_assert_max_num_queries(25)
    small = _queries_of_a_move(client, councillor, 3, "2026/27", capture)
    big = _queries_of_a_move(client, councillor, 30, "2027/28", capture)
    assert big == small
