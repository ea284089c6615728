"""The demo councillor allocates some of Sparkbrook & Balsall Heath East's neighbourhood CIL to a
priority of the ward's plan: the over-allocation is refused on the amount, the allocation is
made, and the amount available goes down. Each page passes axe-core."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in

SLUG = "sparkbrook-and-balsall-heath-east"


def _available(page) -> str:
    return page.locator("#ncil-available").inner_text()


def test_the_councillor_allocates_neighbourhood_cil_to_a_priority(page, demo):
    sign_in(page, "councillor")
    expect(page.get_by_role("heading", name=re.compile("Neighbourhood CIL to allocate"))).to_be_visible()
    assert_accessible(page)
    page.goto("/contributions/")
    assert_accessible(page)
    page.goto(f"/contributions/wards/{SLUG}/")
    assert _available(page) == "£24,000.00"
    assert_accessible(page)
    page.get_by_role("link", name="Allocate neighbourhood CIL to a priority").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Allocate neighbourhood CIL in Sparkbrook & Balsall Heath East")
    assert_accessible(page)
    page.get_by_label("Priority of your Ward Plan").select_option(index=1)
    page.get_by_label("Amount, in pounds").fill("30,000")
    page.get_by_label("What the money is for").fill("New play equipment in Clifton Park")
    page.get_by_role("button", name="Allocate the money").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("£24,000.00 is available")
    expect(page.locator("#amount-error")).to_contain_text("£24,000.00 is available")
    assert_accessible(page)
    page.get_by_label("Amount, in pounds").fill("5,000")
    page.get_by_role("button", name="Allocate the money").click()
    page.wait_for_url(f"**/contributions/wards/{SLUG}/")
    assert _available(page) == "£19,000.00"
    expect(page.get_by_text("New play equipment in Clifton Park")).to_be_visible()
    assert_accessible(page)
