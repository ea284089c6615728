"""Links from the wards app's pages to what higher apps record, through localism.core.links:
the pages show what the providers give, in one call for all the objects of a page."""

from collections import defaultdict

import pytest

from localism.core import links
from wards.models import Ward
from wards.tests.factories_forums import ForumMeetingFactory
from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(monkeypatch):
    """A clean registry for the test, with a provider that records what it was asked."""
    monkeypatch.setattr(links, "_providers", defaultdict(list))
    asked = defaultdict(list)

    def register(kind, answer):
        def provider(objects):
            asked[kind].append([o.pk for o in objects])
            return {o.pk: answer(o) for o in objects}
        links.provide(kind, provider)
    return register, asked


def test_a_priority_links_to_what_it_came_from_and_the_plan_to_its_consultations(client, providers):
    register, asked = providers
    plan = WardPlanFactory(status="published")
    first, second = PriorityFactory(plan=plan, title="Clean alleys"), PriorityFactory(plan=plan, title="Parks")
    register("priority_sources", lambda p: [links.Link("Consultation: Alleys survey", "/consultations/7/")]
             if p.pk == first.pk else [])
    register("plan_consultations", lambda p: [links.Link("Priorities for 2027/28", "/consultations/8/", "Open")])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert 'From: <a class="govuk-link" href="/consultations/7/">Consultation: Alleys survey</a>' in page
    assert "From: Ward Forum" in page  # the second priority: its source as recorded, no link
    assert '<a class="govuk-link" href="/consultations/8/">Priorities for 2027/28</a>' in page
    assert asked["priority_sources"] == [[first.pk, second.pk]]  # one call for all the priorities


def test_the_ward_page_says_where_to_have_your_say_and_the_meeting_lists_ideas_taken_to_it(client, providers):
    register, _ = providers
    ward = Ward.objects.current().get(gss_code="E05011165")
    register("ward_engagement",
             lambda w: [links.Link("Parks and green spaces", "/consultations/9/", "Open until 1 March")])
    page = client.get(ward.get_absolute_url()).content.decode()
    assert "have-your-say-title" in page and 'href="/consultations/9/">Parks and green spaces</a>' in page
    meeting = ForumMeetingFactory()
    register("meeting_ideas", lambda m: [links.Link("A bench by the bus stop", "/ideas/3/")])
    page = client.get(f"/forums/meetings/{meeting.pk}/").content.decode()
    assert "Residents' ideas taken to this meeting" in page
    assert 'href="/ideas/3/">A bench by the bus stop</a>' in page


def test_without_providers_the_pages_show_what_the_wards_app_records(client, providers):
    plan = WardPlanFactory(status="published")
    PriorityFactory(plan=plan)
    assert "From: Ward Forum" in client.get(plan.get_absolute_url()).content.decode()
    assert "have-your-say-title" not in client.get("/wards/shard-end/").content.decode()


# --- address_of: many addresses of one kind from a single reversal ----------------------------

def test_an_address_is_the_reversed_one_for_numbers_and_slugs():
    from django.urls import reverse

    action = links.address_of("plans:action")
    assert [action(pk) for pk in (1, 42, 2147483647)] == [
        reverse("plans:action", kwargs={"pk": pk}) for pk in (1, 42, 2147483647)]
    ward_page = links.address_of("wards:detail", "slug")
    assert ward_page("ladywood") == reverse("wards:detail", kwargs={"slug": "ladywood"})
    assert ward_page("sutton-four_oaks2") == reverse("wards:detail", kwargs={"slug": "sutton-four_oaks2"})


def test_an_address_by_a_named_argument_that_takes_a_code():
    from django.urls import reverse

    # The ward's API address takes a GSS code, which a number cannot stand for.
    detail = links.address_of("api:ward-detail", "gss_code")
    assert detail("E05011118") == reverse("api:ward-detail", kwargs={"gss_code": "E05011118"})


def test_an_absolute_address_for_a_request(rf):
    request = rf.get("/api/v1/ward-plans/")
    assert links.address_of("plans:detail", request=request)(7) == "http://testserver/plans/7/"


def test_an_address_keeps_the_script_prefix_of_the_time_it_is_made():
    from django.urls import reverse, set_script_prefix

    plain = links.address_of("plans:action")(5)
    set_script_prefix("/localism/")
    try:
        prefixed = links.address_of("plans:action")(5)
        assert prefixed == reverse("plans:action", kwargs={"pk": 5}) == "/localism" + plain
    finally:
        set_script_prefix("/")
    assert links.address_of("plans:action")(5) == plain  # each prefix reversed for itself


@pytest.mark.parametrize("value", ["a b", "a/b", "x?y=1", "é", "50%", "", "<b>", -1, 1.5, None, True])
def test_a_value_that_would_need_quoting_is_refused(value):
    with pytest.raises(ValueError, match="cannot be put in an address"):
        links.address_of("wards:detail", "slug")(value)


def test_a_name_without_that_argument_is_not_reversed():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        links.address_of("plans:action", "slug")
