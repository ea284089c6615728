"""The demo councillor (seats in Sparkbrook & Balsall Heath East and Balsall Heath West) signs in,
finds on their workspace the contract whose renewal window is open (youth services), gives the
ward's input linked to a priority of its Ward Plan (first sending the form empty, to see the
error summary) and sees it on the contract's page. Each page passes axe-core."""

from playwright.sync_api import expect

from assets.models import WardInput
from tests.e2e.conftest import assert_accessible, follow, sign_in

CONTRACT = "Youth services in Sparkbrook and Balsall Heath"


def test_the_demo_councillor_gives_input_on_a_contract_open_for_renewal(page, demo):
    sign_in(page, "councillor")
    panel = page.get_by_role("heading", name="Contracts open to your wards' input")
    expect(panel).to_be_visible()
    expect(page.get_by_role("link", name=CONTRACT)).to_have_count(1)
    expect(page.get_by_role("link", name="Street cleansing, south central")).to_have_count(0)
    assert_accessible(page)

    follow(page.get_by_role("link", name=CONTRACT))
    expect(page.get_by_role("heading", name=CONTRACT, level=1)).to_be_visible()
    assert_accessible(page)

    follow(page.get_by_role("link", name="Give your ward's input on the renewal"))
    follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("There is a problem")).to_be_visible()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_text("Enter what the ward wants from the renewal")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Ward", exact=True).select_option(label="Balsall Heath West")
    first = page.locator("input[name=priorities]").first
    priority = page.locator(f"label[for={first.get_attribute('id')}]").inner_text()
    first.check()
    page.get_by_label("What the ward wants from the renewal").fill(
        "Keep the Friday night sessions at the Edward Road centre and add a summer programme.")
    follow(page.get_by_role("button", name="Save"))

    expect(page.get_by_text("The ward's input has been sent to the commissioning officers.")).to_be_visible()
    expect(page.get_by_text("Keep the Friday night sessions at the Edward Road centre")).to_be_visible()
    expect(page.get_by_role("link", name=priority.split(": ", 1)[1])).to_be_visible()
    expect(page.get_by_text("Waiting for the commissioning officer's answer.")).to_be_visible()
    assert WardInput.objects.get().ward.name == "Balsall Heath West"
    assert_accessible(page)
