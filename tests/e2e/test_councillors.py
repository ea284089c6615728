"""A resident finds how to contact their councillors on the ward page, at any width."""

from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

EXAMPLE = Path(__file__).resolve().parents[2] / "wards" / "tests" / "councillors-example.csv"


def test_a_resident_sees_how_to_contact_each_councillor(page):
    call_command("load_councillors", str(EXAMPLE), "--commit", verbosity=0)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/wards/acocks-green/")
    card = page.locator(".govuk-summary-card", has=page.get_by_role("heading", name="Alex Example"))
    expect(card.get_by_role("link", name="alex.example@example.org")).to_have_attribute(
        "href", "mailto:alex.example@example.org")
    expect(card).to_contain_text("First Saturday of the month, 10am to noon, Acocks Green Library.")
    expect(page.get_by_role("heading", name="Bobbie Sample")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.goto("/wards/aston/")
    expect(page.get_by_text("No councillors are recorded for this ward.")).to_be_visible()
