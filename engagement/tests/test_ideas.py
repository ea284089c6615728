"""Residents' ideas: proposing one (with or without an account, rate-limited by address),
supporting it once, hiding it, and each kind of response, by service and by page, with the
refusals for those who may not."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from localism.accounts.tests.factories import OrganisationFactory, UserFactory
from localism.core.errors import Invalid, NotFound, Refused, StaleEdit
from localism.core.links import of as links_of
from wards.models import PlanStatus, Source, Theme
from wards.tests.conftest import BALSALL_HEATH_WEST, SBHE, SHARD_END, ward
from wards.tests.factories import CouncillorSeatFactory
from wards.tests.factories_forums import ForumMeetingFactory, WardForumFactory
from wards.tests.factories_plans import WardPlanFactory

from ..models import Idea, IdeaStatus, Support
from ..services import ideas as services
from ..services.ideas import NO_DRAFT_PLAN, NO_MEETING, NOT_YOUR_WARD, TOO_MANY_IDEAS
from ..views.ideas import ALREADY_SUPPORTED, SUPPORTED, browser_key
from .factories import IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def councillor():
    return CouncillorSeatFactory(ward=ward(SBHE)).councillor


@pytest.fixture
def other_councillor():
    return CouncillorSeatFactory(ward=ward(SHARD_END)).councillor


def _propose(client, remote_addr="127.0.0.1", **fields):
    data = {"ward": ward(SBHE).pk, "postcode": "", "title": "A bench by the bus stop",
            "description": "On Ladypool Road, for those who wait.", "theme": Theme.CLEAN_GREEN, **fields}
    return client.post(reverse("engagement:idea-new"), data, REMOTE_ADDR=remote_addr)


# --- Proposing ----------------------------------------------------------------------------------

def test_anyone_proposes_an_idea_without_an_account(client):
    response = _propose(client)
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert (idea.ward, idea.status, idea.proposer) == (ward(SBHE), IdeaStatus.WAITING, None)
    cookie = client.cookies["localism_browser"].value
    assert idea.browser_key == browser_key(cookie) and len(idea.browser_key) == 64
    assert idea.history.get().history_type == "+"


def test_the_ward_may_be_found_by_postcode(client):
    response = _propose(client, ward="", postcode="b12 9dp")
    assert response.status_code == 302
    assert Idea.objects.get().ward.gss_code == BALSALL_HEATH_WEST


def test_a_postcode_outside_birmingham_is_a_clear_error(client):
    response = _propose(client, ward="", postcode="SW1A 1AA")
    assert response.status_code == 400
    assert "is not a Birmingham postcode we know" in response.content.decode()
    assert not Idea.objects.exists()


def test_an_idea_needs_its_ward_title_and_description_and_a_bounded_length(client):
    response = _propose(client, ward="", title="", description="x" * 3001)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the ward your idea is for" in body and "Enter a title for your idea" in body
    assert "3,000 characters or fewer" in body
    assert not Idea.objects.exists()


def test_anonymous_proposals_are_limited_per_address(client, settings):
    settings.IDEAS_ANONYMOUS_PER_HOUR = 2
    assert [_propose(client).status_code for _ in range(2)] == [302, 302]
    response = _propose(client)
    assert response.status_code == 429
    assert TOO_MANY_IDEAS.format(limit=2).split(":")[0] in response.content.decode()
    assert Idea.objects.count() == 2
    # Another address, and a signed-in resident, are not held back by it.
    assert _propose(client, remote_addr="10.0.0.9").status_code == 302
    client.force_login(UserFactory())
    assert _propose(client).status_code == 302


def test_the_limit_is_the_services_for_any_caller():
    for _ in range(5):
        services.idea_propose(user=None, ward=ward(SBHE), title="Idea", description="Why", theme=Theme.HOUSING,
                              client="192.0.2.1")
    with pytest.raises(Invalid):
        services.idea_propose(user=None, ward=ward(SBHE), title="Idea", description="Why", theme=Theme.HOUSING,
                              client="192.0.2.1")
    services.idea_propose(user=None, ward=ward(SBHE), title="Idea", description="Why", theme=Theme.HOUSING,
                          client="192.0.2.2")


def test_a_signed_in_resident_is_the_proposer(client):
    resident = UserFactory()
    client.force_login(resident)
    _propose(client)
    idea = Idea.objects.get()
    assert idea.proposer == resident and idea.browser_key == ""


# --- Support ------------------------------------------------------------------------------------

def test_a_browser_supports_an_idea_once(client):
    idea = IdeaFactory()
    url = reverse("engagement:idea-support", args=[idea.pk])
    first = client.post(url, follow=True)
    assert SUPPORTED in first.content.decode()
    second = client.post(url, follow=True)
    assert ALREADY_SUPPORTED in second.content.decode()
    assert "You support this idea" in second.content.decode()
    support = Support.objects.get()
    assert support.supporter is None
    assert support.browser_key == browser_key(client.cookies["localism_browser"].value)
    # Another browser's support counts too.
    from django.test import Client

    Client().post(url)
    assert idea.supports.count() == 2


def test_an_account_supports_an_idea_once_whatever_the_browser(client):
    idea, resident = IdeaFactory(), UserFactory()
    assert services.idea_support(idea=idea, user=resident) is True
    assert services.idea_support(idea=idea, user=resident, browser_key="another") is False
    client.force_login(resident)
    response = client.post(reverse("engagement:idea-support", args=[idea.pk]), follow=True)
    assert ALREADY_SUPPORTED in response.content.decode()
    assert idea.supports.count() == 1


def test_support_is_a_post_only():
    from django.test import Client

    idea = IdeaFactory()
    assert Client().get(reverse("engagement:idea-support", args=[idea.pk])).status_code == 405


# --- Hiding -------------------------------------------------------------------------------------

def test_the_wards_councillor_hides_an_idea_with_a_reason(client, councillor):
    idea = IdeaFactory()
    SupportFactory(idea=idea)
    client.force_login(councillor)
    url = reverse("engagement:idea-hide", args=[idea.pk])
    assert client.post(url, {"hidden_reason": ""}).status_code == 400
    assert client.post(url, {"hidden_reason": "It names a neighbour."}).status_code == 302
    idea.refresh_from_db()
    assert (idea.hidden_by, idea.hidden_reason) == (councillor, "It names a neighbour.")
    assert idea.hidden_at is not None
    # Staff still read it, with the reason; the public does not.
    assert "It names a neighbour." in client.get(idea.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(idea.get_absolute_url())
    assert public.status_code == 410 and "removed by a moderator" in public.content.decode()
    assert "It names a neighbour" not in public.content.decode()
    assert idea.title not in client.get(reverse("engagement:ideas")).content.decode()
    assert client.post(reverse("engagement:idea-support", args=[idea.pk])).status_code == 404


def test_an_engagement_officer_hides_any_idea_and_another_wards_councillor_none(other_councillor):
    from django.contrib.auth.models import Group

    idea = IdeaFactory()
    with pytest.raises(Refused):
        services.idea_hide(idea=idea, user=other_councillor, reason="No")
    with pytest.raises(Refused):
        services.idea_hide(idea=idea, user=UserFactory(), reason="No")
    officer = UserFactory(officer=True)
    officer.groups.add(Group.objects.get(name="Engagement officers"))
    services.idea_hide(idea=idea, user=officer, reason="Offensive")
    assert Idea.objects.get().hidden_by == officer


# --- Responding ---------------------------------------------------------------------------------

def test_adopting_an_idea_makes_it_a_priority_of_the_wards_draft_plan_only(councillor):
    published = WardPlanFactory(status=PlanStatus.PUBLISHED, period="2026/27")
    draft = WardPlanFactory(status=PlanStatus.DRAFT, period="2027/28")
    past_draft = WardPlanFactory(status=PlanStatus.DRAFT, period="2025/26")
    elsewhere = WardPlanFactory(status=PlanStatus.DRAFT, period="2027/28", wards=[ward(SHARD_END)])
    idea = IdeaFactory(title="A bench", description="By the bus stop", theme=Theme.TRANSPORT)
    adopted = services.idea_adopt(idea=idea, user=councillor, version=1, response="It is in next year's plan.")
    priority = adopted.priority
    assert priority.plan == draft
    assert (priority.title, priority.description, priority.theme, priority.source) == (
        "A bench", "By the bus stop", Theme.TRANSPORT, Source.RESIDENT_IDEA)
    assert (adopted.status, adopted.version, adopted.responded_by) == (IdeaStatus.ADOPTED, 2, councillor)
    for plan in (published, past_draft, elsewhere):
        assert not plan.priorities.exists()
    # The plan's page learns where the priority came from.
    assert links_of("priority_sources", [priority])[priority.pk][0].url == idea.get_absolute_url()
    with pytest.raises(Invalid):
        services.idea_adopt(idea=adopted, user=councillor, version=2)
    assert draft.priorities.count() == 1


def test_adopting_needs_a_draft_plan(councillor):
    WardPlanFactory(status=PlanStatus.PUBLISHED)
    idea = IdeaFactory()
    with pytest.raises(Invalid) as refused:
        services.idea_adopt(idea=idea, user=councillor, version=1)
    assert refused.value.messages == [NO_DRAFT_PLAN.format(ward=idea.ward.name)]
    assert Idea.objects.get().status == IdeaStatus.WAITING


def test_referring_needs_the_organisation_and_a_note(councillor):
    idea, organisation = IdeaFactory(), OrganisationFactory(name="Birmingham Parks")
    with pytest.raises(Invalid) as error:
        services.idea_refer(idea=idea, user=councillor, version=1, organisation=None, response="")
    assert set(error.value.message_dict) == {"referred_to", "response"}
    referred = services.idea_refer(idea=idea, user=councillor, version=1, organisation=organisation,
                                   response="Parks will look at it.")
    assert (referred.status, referred.referred_to, referred.response) == (
        IdeaStatus.REFERRED, organisation, "Parks will look at it.")


def test_taking_an_idea_to_the_forum_links_it_to_the_next_meeting(councillor):
    idea = IdeaFactory()
    with pytest.raises(Invalid) as error:
        services.idea_take_to_forum(idea=idea, user=councillor, version=1)
    assert error.value.messages == [NO_MEETING.format(ward=idea.ward.name)]
    forum = WardForumFactory()
    now = timezone.now()
    ForumMeetingFactory(forum=forum, starts_at=now + datetime.timedelta(days=40))
    soon = ForumMeetingFactory(forum=forum, starts_at=now + datetime.timedelta(days=10))
    ForumMeetingFactory(forum=forum, starts_at=now + datetime.timedelta(days=5), status="cancelled")
    ForumMeetingFactory(forum=WardForumFactory(wards=[ward(SHARD_END)]), starts_at=now + datetime.timedelta(days=2))
    taken = services.idea_take_to_forum(idea=idea, user=councillor, version=1)
    assert (taken.status, taken.meeting) == (IdeaStatus.TO_FORUM, soon)
    SupportFactory(idea=idea)
    link = links_of("meeting_ideas", [soon])[soon.pk][0]
    assert (link.url, link.note) == (idea.get_absolute_url(), "1 supporter")


def test_declining_needs_a_reason_and_a_stale_response_is_refused(councillor):
    idea = IdeaFactory()
    with pytest.raises(Invalid):
        services.idea_decline(idea=idea, user=councillor, version=1, response="  ")
    services.idea_decline(idea=idea, user=councillor, version=1, response="The council does not own the land.")
    with pytest.raises(StaleEdit):
        services.idea_decline(idea=idea, user=councillor, version=1, response="Another reason")
    assert Idea.objects.get().response == "The council does not own the land."
    assert Idea.objects.get().history.count() == 2


@pytest.mark.parametrize("role", ["anonymous", "resident", "officer", "partner", "other_councillor"])
def test_only_the_wards_councillors_and_admins_respond_by_service(role, other_councillor):
    user = {"anonymous": None, "resident": UserFactory(), "officer": UserFactory(officer=True),
            "partner": UserFactory(partner=True), "other_councillor": other_councillor}[role]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    idea = IdeaFactory()
    for service, extra in [(services.idea_decline, {"response": "No"}), (services.idea_adopt, {}),
                           (services.idea_take_to_forum, {}),
                           (services.idea_refer, {"organisation": OrganisationFactory(), "response": "x"})]:
        with pytest.raises(Refused) as refused:
            service(idea=idea, user=user, version=1, **extra)
        assert refused.value.message == NOT_YOUR_WARD
    assert Idea.objects.get().status == IdeaStatus.WAITING


def test_an_admin_responds_to_any_idea():
    services.idea_decline(idea=IdeaFactory(), user=UserFactory(admin=True), version=1, response="Not ours")
    assert Idea.objects.get().status == IdeaStatus.DECLINED


def test_the_wards_councillor_responds_by_page_and_the_response_is_public(client, councillor):
    WardPlanFactory(status=PlanStatus.DRAFT)
    idea = IdeaFactory()
    client.force_login(councillor)
    url = reverse("engagement:idea-respond", args=[idea.pk])
    assert client.get(url).status_code == 200
    missing = client.post(url, {"version": 1, "kind": "declined", "response": ""})
    assert missing.status_code == 400 and "Enter why the idea is declined" in missing.content.decode()
    assert client.post(url, {"version": 1, "kind": "adopted", "response": "Yes!"}).status_code == 302
    client.logout()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Adopted into the Ward Plan" in page and "Yes!" in page


def test_another_wards_councillor_is_refused_by_page(client, other_councillor):
    idea = IdeaFactory()
    client.force_login(other_councillor)
    url = reverse("engagement:idea-respond", args=[idea.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": 1, "kind": "declined", "response": "No"}).status_code == 403
    assert client.get(reverse("engagement:idea-hide", args=[idea.pk])).status_code == 403
    assert "Respond to this idea" not in client.get(idea.get_absolute_url()).content.decode()
    assert Idea.objects.get().status == IdeaStatus.WAITING


def test_a_visitor_without_an_account_is_asked_to_sign_in_to_respond(client):
    idea = IdeaFactory()
    response = client.get(reverse("engagement:idea-respond", args=[idea.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_stale_response_by_page_shows_the_newer_one(client, councillor):
    idea = IdeaFactory()
    services.idea_decline(idea=idea, user=councillor, version=1, response="First answer")
    client.force_login(councillor)
    response = client.post(reverse("engagement:idea-respond", args=[idea.pk]),
                           {"version": 1, "kind": "declined", "response": "Second answer"})
    assert response.status_code == 409
    assert "First answer" in response.content.decode()


# --- Lists --------------------------------------------------------------------------------------

def test_the_list_filters_by_ward_and_status_with_support_counts(client):
    waiting = IdeaFactory(title="Waiting idea")
    SupportFactory.create_batch(3, idea=waiting)
    IdeaFactory(title="Declined idea", status=IdeaStatus.DECLINED)
    IdeaFactory(title="Shard End idea", ward=ward(SHARD_END))
    body = client.get(reverse("engagement:ideas"), {"ward": "sparkbrook-and-balsall-heath-east"}).content.decode()
    assert "Waiting idea" in body and "Declined idea" in body and "Shard End idea" not in body
    assert "3 supporters" in body
    body = client.get(reverse("engagement:ideas"), {"status": "declined"}).content.decode()
    assert "Declined idea" in body and "Waiting idea" not in body


def test_the_list_takes_the_same_queries_however_many_ideas(client, django_assert_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("engagement:ideas")).status_code == 200
        return len(queries)

    for idea in IdeaFactory.create_batch(2):
        SupportFactory(idea=idea)
    few = count()
    for idea in IdeaFactory.create_batch(10, ward=ward(SHARD_END), status=IdeaStatus.REFERRED,
                                         referred_to=OrganisationFactory()):
        SupportFactory.create_batch(2, idea=idea)
    with django_assert_num_queries(few):
        client.get(reverse("engagement:ideas"))


def test_a_missing_idea_is_404(client):
    assert client.get(reverse("engagement:idea", args=[999_999])).status_code == 404
    with pytest.raises(NotFound):
        from ..selectors.ideas import idea_get

        idea_get(pk=999_999)


def test_the_workspace_lists_the_ideas_waiting_in_the_councillors_wards(client, councillor):
    IdeaFactory(title="Ours, waiting")
    IdeaFactory(title="Ours, answered", status=IdeaStatus.DECLINED)
    IdeaFactory(title="Ours, hidden", hidden_at=timezone.now(), hidden_reason="x")
    IdeaFactory(title="Theirs, waiting", ward=ward(SHARD_END))
    client.force_login(councillor)
    body = client.get(reverse("workspace")).content.decode()
    assert "Ours, waiting" in body
    for other in ("Ours, answered", "Ours, hidden", "Theirs, waiting"):
        assert other not in body


def test_the_cookies_page_explains_the_browser_cookie(client):
    body = client.get(reverse("cookies")).content.decode()
    assert "<code>localism_browser</code>" in body and "SHA-256" in body


def test_the_ideas_of_many_meetings_take_one_query(councillor, django_assert_num_queries):
    meetings = [ForumMeetingFactory(forum=WardForumFactory()) for _ in range(3)]
    for meeting in meetings:
        for idea in IdeaFactory.create_batch(2, meeting=meeting, status=IdeaStatus.TO_FORUM):
            SupportFactory.create_batch(2, idea=idea)
    with django_assert_num_queries(1):
        found = links_of("meeting_ideas", meetings)
    assert [len(found[m.pk]) for m in meetings] == [2, 2, 2]
    assert {link.note for links in found.values() for link in links} == {"2 supporters"}
