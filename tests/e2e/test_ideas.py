"""A resident proposes an idea for their ward and supports it, with the keyboard alone; the
pages pass axe-core and reflow at 320 CSS pixels."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

WIDTH = 320


def _tab_to(page, locator, limit=60):
    """Press Tab until `locator` has the focus (as a keyboard user moves through the page)."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def _assert_reflows(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"
    assert_accessible(page)


def test_resident_proposes_and_supports_an_idea_with_the_keyboard(page):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/ideas/")
    _assert_reflows(page)
    _tab_to(page, page.get_by_role("link", name="Propose an idea"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ideas/new/$"))
    _assert_reflows(page)

    # A mistake first: the error summary says what is missing.
    _tab_to(page, page.get_by_role("button", name="Send your idea"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Choose the ward your idea is for")
    _assert_reflows(page)

    _tab_to(page, page.get_by_label("Postcode in the ward (optional)"))
    page.keyboard.type("B11 1AA")
    page.keyboard.press("Tab")
    page.keyboard.type("A bench by the bus stop")
    page.keyboard.press("Tab")
    page.keyboard.type("On Ladypool Road, for those who wait for the 50.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("What is it about?")).to_be_focused()
    page.get_by_label("What is it about?").select_option("transport")  # a select's own keys vary by platform
    _tab_to(page, page.get_by_role("button", name="Send your idea"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("A bench by the bus stop")
    expect(page.get_by_text("Your idea has been sent.")).to_be_visible()
    expect(page.get_by_text("Sparkbrook & Balsall Heath East").first).to_be_visible()
    expect(page.locator("#support-count")).to_have_text("0 supporters")
    _assert_reflows(page)

    _tab_to(page, page.get_by_role("button", name="Support this idea"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you: you now support this idea.")).to_be_visible()
    expect(page.locator("#support-count")).to_have_text("1 supporter")
    expect(page.get_by_role("button", name="Support this idea")).to_have_count(0)
    _assert_reflows(page)

    page.goto("/ideas/?ward=sparkbrook-and-balsall-heath-east")
    expect(page.get_by_role("link", name="A bench by the bus stop")).to_be_visible()
    expect(page.get_by_text("1 supporter", exact=False).first).to_be_visible()
    _assert_reflows(page)


def test_councillor_adopts_an_idea_and_publishes_an_outcome(page):
    import datetime

    from django.utils import timezone

    from engagement.models import ConsultationStatus
    from engagement.tests.factories import ConsultationFactory, IdeaFactory
    from wards.models import PlanStatus
    from wards.tests.factories import CouncillorSeatFactory
    from wards.tests.factories_plans import PriorityFactory, WardPlanFactory

    CouncillorSeatFactory(councillor__username="cllr-ideas")
    plan = WardPlanFactory(title="Sparkbrook plan", status=PlanStatus.DRAFT)
    PriorityFactory(plan=plan, title="Cleaner streets")
    idea = IdeaFactory(title="A bench by the bus stop")
    now = timezone.now()
    consultation = ConsultationFactory(title="Parks survey", plan=plan, status=ConsultationStatus.CLOSED,
                                       opens_at=now - datetime.timedelta(days=60),
                                       closes_at=now - datetime.timedelta(days=30))

    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("cllr-ideas")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/workspace/")
    expect(page.get_by_role("link", name="A bench by the bus stop")).to_be_visible()
    expect(page.get_by_role("link", name="Parks survey")).to_be_visible()
    _assert_reflows(page)

    page.goto(f"/ideas/{idea.pk}/respond/")
    _assert_reflows(page)
    page.get_by_label("Adopt it").check()
    page.get_by_label("Your response, shown publicly with the idea").fill("It is in next year's plan.")
    page.get_by_role("button", name="Publish the response").click()
    expect(page.get_by_text("Your response has been published with the idea.")).to_be_visible()
    expect(page.get_by_role("link", name="Sparkbrook plan (2026/27)")).to_be_visible()
    _assert_reflows(page)

    page.goto(f"/ideas/{idea.pk}/hide/")
    _assert_reflows(page)

    page.goto(f"/consultations/{consultation.pk}/outcome/edit/")
    page.get_by_role("button", name="Publish the outcome").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what we asked")
    _assert_reflows(page)
    page.get_by_label("We asked").fill("Which parks matter most?")
    page.get_by_label("You said").fill("Pickwick Park.")
    page.get_by_label("We did").fill("It is the plan's first priority.")
    page.get_by_label("Cleaner streets").check()
    page.get_by_role("button", name="Publish the outcome").click()
    expect(page.get_by_role("heading", name="We asked, you said, we did")).to_be_visible()
    expect(page.get_by_role("link", name="Cleaner streets")).to_have_attribute(
        "href", re.compile(rf"/plans/{plan.pk}/#priority-\d+$"))
    _assert_reflows(page)
    page.goto("/workspace/")
    expect(page.get_by_role("link", name="Parks survey")).to_have_count(0)
