"""Ranking a plan's priorities by position: one "Move to position" step takes a priority to any
place, the others shift by one, each changed rank is one history entry, and the move needs the
same queries however many priorities the plan has."""

import pytest
from django.utils.html import escape

from wards import services
from wards.models import PlanStatus, Priority, Source, Theme
from wards.services.plans import POSITION_OUT_OF_RANGE
from wards.tests.conftest import SBHE, ward
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db


def make_plan(user, count=7, **kwargs):
    plan = services.ward_plan_create(user=user, wards=[ward(SBHE)], title="Sparkbrook plan",
                                     period=kwargs.pop("period", "2026/27"))
    for n in range(1, count + 1):
        services.priority_create(plan=plan, user=user, title=f"P{n}", description="", theme=Theme.HOUSING,
                                 source=Source.FORUM)
    return plan


def order(plan) -> list[str]:
    return list(plan.priorities.order_by("position").values_list("title", flat=True))


def ranks(plan) -> list[tuple[str, int, int]]:
    return list(plan.priorities.order_by("pk").values_list("title", "position", "version"))


def history_count(plan) -> int:
    return Priority.history.filter(plan_id=plan.pk).count()


def priority(plan, title) -> Priority:
    return plan.priorities.get(title=title)


def move(client, target: Priority, position, *, version=None):
    version = Priority.objects.get(pk=target.pk).version if version is None else version
    return client.post(f"/plans/priorities/{target.pk}/position/", {"position": position, "version": version})


@pytest.fixture
def councillor(people, client):
    client.force_login(people["councillor_own"])
    return people["councillor_own"]


def test_the_seventh_priority_becomes_the_first_in_one_post(client, councillor):
    plan = make_plan(councillor)
    response = move(client, priority(plan, "P7"), 1)
    assert response.status_code == 302
    assert response["Location"] == f"{plan.get_absolute_url()}#priority-{priority(plan, 'P7').pk}"
    assert order(plan) == ["P7", "P1", "P2", "P3", "P4", "P5", "P6"]
    assert sorted(plan.priorities.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "P7 is now priority 1." in page


def test_the_first_priority_goes_last(councillor):
    plan = make_plan(councillor, 4)
    moved = services.priority_move_to(priority=priority(plan, "P1"), user=councillor, version=1, position=4)
    assert (moved.position, moved.version) == (4, 2)
    assert order(plan) == ["P2", "P3", "P4", "P1"]


def test_a_move_to_the_middle_shifts_only_the_priorities_between(councillor):
    plan = make_plan(councillor, 6)
    services.priority_move_to(priority=priority(plan, "P2"), user=councillor, version=1, position=4)
    assert order(plan) == ["P1", "P3", "P4", "P2", "P5", "P6"]
    # Only those whose rank changed have a new version.
    assert [version for _, _, version in ranks(plan)] == [1, 2, 2, 2, 1, 1]


def test_the_same_position_changes_nothing_and_adds_no_history(client, councillor):
    plan = make_plan(councillor, 3)
    before, entries = ranks(plan), history_count(plan)
    response = move(client, priority(plan, "P2"), 2)
    assert response.status_code == 302
    assert ranks(plan) == before and history_count(plan) == entries


@pytest.mark.parametrize("position", ["0", "8", "-1", "abc", "", "2.5", "99999999999999999999"])
def test_a_position_out_of_range_is_refused_with_a_message(client, councillor, position):
    plan = make_plan(councillor)
    before, entries = ranks(plan), history_count(plan)
    response = move(client, priority(plan, "P7"), position)
    assert response.status_code == 400
    assert escape(POSITION_OUT_OF_RANGE.format(count=7)) in response.content.decode()
    assert ranks(plan) == before and history_count(plan) == entries


@pytest.mark.parametrize("position", [0, 4, -1, 99999999999999999999, "1"])
def test_the_service_refuses_a_position_out_of_range(councillor, position):
    plan = make_plan(councillor, 3)
    before = ranks(plan)
    with pytest.raises(services.plans.Invalid) as refused:
        services.priority_move_to(priority=priority(plan, "P3"), user=councillor, version=1, position=position)
    assert refused.value.message_dict == {"position": [POSITION_OUT_OF_RANGE.format(count=3)]}
    assert ranks(plan) == before


def test_a_stale_version_is_refused_with_409(client, councillor):
    plan = make_plan(councillor, 4)
    p4 = priority(plan, "P4")
    services.priority_move_to(priority=p4, user=councillor, version=1, position=3)  # someone else, meanwhile
    before, entries = ranks(plan), history_count(plan)
    response = move(client, p4, 1, version=1)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this priority" in page and "Someone else saved a newer version" in page
    assert ranks(plan) == before and history_count(plan) == entries
    # The form now carries the stored version: moving again goes through.
    assert 'name="version" value="2"' in page
    assert move(client, p4, 1, version=2).status_code == 302
    assert order(plan) == ["P4", "P1", "P2", "P3"]


def test_a_priority_the_others_moved_is_stale_too(client, councillor):
    """Its rank changed under the editor's eyes: the page they chose from is out of date."""
    plan = make_plan(councillor, 3)
    p2 = priority(plan, "P2")
    services.priority_move_to(priority=priority(plan, "P3"), user=councillor, version=1, position=1)
    assert move(client, p2, 1, version=1).status_code == 409
    assert order(plan) == ["P3", "P1", "P2"]


@pytest.mark.parametrize("role, status", [
    ("anonymous", 302), ("resident", 403), ("partner", 403), ("officer", 403), ("councillor_other", 403),
    ("councillor_cross", 403), ("councillor_own", 302), ("admin", 302)])
def test_who_may_move_a_priority(client, people, role, status):
    plan = make_plan(people["councillor_own"], 3)
    services.ward_plan_set_status(plan=plan, user=people["councillor_own"], version=plan.version,
                                  status=PlanStatus.PUBLISHED)
    if people[role] is not None:
        client.force_login(people[role])
    before, entries = ranks(plan), history_count(plan)
    url = f"/plans/priorities/{priority(plan, 'P3').pk}/position/"
    for response in (client.get(url), move(client, priority(plan, "P3"), 1), move(client, priority(plan, "P3"), "abc")):
        if role in {"councillor_own", "admin"}:
            continue
        assert response.status_code == status
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next=")
    if role in {"councillor_own", "admin"}:
        assert client.get(url).status_code == 200
        assert move(client, priority(plan, "P3"), 1).status_code == 302
        assert order(plan) == ["P3", "P1", "P2"]
    else:
        assert ranks(plan) == before and history_count(plan) == entries


def test_the_service_refuses_the_wrong_role(people):
    plan = make_plan(people["councillor_own"], 2)
    for role in ("resident", "partner", "officer", "councillor_other", "anonymous"):
        with pytest.raises(services.plans.Refused):
            services.priority_move_to(priority=priority(plan, "P2"), user=people[role], version=1, position=1)
    assert order(plan) == ["P1", "P2"]


def test_the_plan_page_offers_every_position_with_the_current_one_chosen(client, councillor):
    plan = make_plan(councillor, 3)
    p2 = priority(plan, "P2")
    page = client.get(plan.get_absolute_url()).content.decode()
    form = page[page.index(f'action="/plans/priorities/{p2.pk}/position/"'):]
    form = form[:form.index("</form>")]
    assert f'<label class="govuk-label" for="move-to-{p2.pk}">Move<span class="govuk-visually-hidden"> ' \
           f'priority ‘P2’</span> to position</label>' in form
    assert f'<select class="govuk-select" id="move-to-{p2.pk}" name="position">' in form
    assert '<option value="1">1</option><option value="2" selected>2</option><option value="3">3</option>' in form
    assert f'name="version" value="{p2.version}"' in form
    assert "csrfmiddlewaretoken" in form


def test_readers_and_one_priority_plans_have_no_move_select(client, councillor, people):
    plan = make_plan(councillor, 1)
    assert 'name="position"' not in client.get(plan.get_absolute_url()).content.decode()
    services.priority_create(plan=plan, user=councillor, title="P2", description="", theme=Theme.HOUSING,
                             source=Source.FORUM)
    services.ward_plan_set_status(plan=plan, user=councillor, version=plan.version, status=PlanStatus.PUBLISHED)
    assert 'name="position"' in client.get(plan.get_absolute_url()).content.decode()
    client.force_login(people["resident"])
    assert 'name="position"' not in client.get(plan.get_absolute_url()).content.decode()


def test_one_history_entry_for_each_changed_rank(client, councillor):
    plan = make_plan(councillor)
    entries = history_count(plan)
    services.priority_move_to(priority=priority(plan, "P7"), user=councillor, version=1, position=1)
    new = Priority.history.filter(plan_id=plan.pk).order_by("history_id")[entries:]
    assert sorted((h.title, h.position, h.history_type, h.history_user_id) for h in new) == [
        (f"P{n}", n % 7 + 1, "~", councillor.pk) for n in range(1, 8)]
    page = client.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "Moved priority: P7" in page and "Moved from 7th to 1st" in page
    assert "Moved from 1st to 2nd" in page and "Moved from 6th to 7th" in page
    assert "8th" not in page and "0th" not in page  # no waiting rank is kept


def test_up_and_down_still_move_one_place_with_one_entry_each(councillor):
    plan = make_plan(councillor, 3)
    entries = history_count(plan)
    services.priority_move(priority=priority(plan, "P3"), user=councillor, direction="up")
    assert order(plan) == ["P1", "P3", "P2"]
    assert history_count(plan) == entries + 2
    services.priority_move(priority=priority(plan, "P1"), user=councillor, direction="up")  # already first
    services.priority_move(priority=priority(plan, "P2"), user=councillor, direction="down")  # already last
    assert order(plan) == ["P1", "P3", "P2"] and history_count(plan) == entries + 2
    services.priority_move(priority=priority(plan, "P1"), user=councillor, direction="down")
    assert order(plan) == ["P3", "P1", "P2"]


def test_ranks_with_gaps_are_closed_by_a_move(councillor):
    plan = WardPlanFactory()
    a, b, c = (PriorityFactory(plan=plan, title=t, position=p) for t, p in [("A", 2), ("B", 5), ("C", 9)])
    services.priority_move_to(priority=c, user=councillor, version=1, position=2)
    assert list(plan.priorities.order_by("position").values_list("title", "position")) == [
        ("A", 1), ("C", 2), ("B", 3)]


def _queries_of_a_move(client, user, count, period, capture) -> tuple[int, int]:
    """The queries of moving the last priority first through the service, then the first one
    last through the page."""
    plan = make_plan(user, count, period=period)
    last, first = priority(plan, f"P{count}"), priority(plan, "P1")
    with capture() as service_queries:
        services.priority_move_to(priority=last, user=user, version=1, position=1)
    with capture() as page_queries:
        response = client.post(f"/plans/priorities/{first.pk}/position/", {"position": count, "version": 2})
    assert response.status_code == 302
    assert order(plan)[0] == f"P{count}" and order(plan)[-1] == "P1"
    return len(service_queries.captured_queries), len(page_queries.captured_queries)


def test_a_move_needs_the_same_queries_however_many_priorities(client, councillor, django_assert_max_num_queries):
    def capture():
        return django_assert_max_num_queries(20)
    small = _queries_of_a_move(client, councillor, 3, "2026/27", capture)
    big = _queries_of_a_move(client, councillor, 40, "2027/28", capture)
    assert big == small
