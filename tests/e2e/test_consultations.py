"""A resident answers a consultation with the keyboard alone, without an account; a closed one
refuses. Every page passes axe-core and reflows at 320 CSS pixels."""

import re

import pytest
from playwright.sync_api import expect

from engagement.models import ConsultationStatus, QuestionKind, Response
from engagement.tests.factories import ConsultationFactory, QuestionFactory
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

WIDTH = 320


def assert_fits(page):
    """No horizontal scroll at 320 CSS pixels, and nothing axe-core calls moderate or worse."""
    page.set_viewport_size({"width": WIDTH, "height": 900})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width}px wide at {WIDTH}px"
    assert_accessible(page)
    page.set_viewport_size({"width": 1024, "height": 900})


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.fixture
def consultation(birmingham_wards):
    consultation = ConsultationFactory(title="Ladypool Road park")
    QuestionFactory(consultation=consultation, position=1, text="Should the park open later?", options=["Yes", "No"])
    QuestionFactory(consultation=consultation, position=2, kind=QuestionKind.SCALE, text="The park feels safe.")
    QuestionFactory(consultation=consultation, position=3, kind=QuestionKind.RANKING, text="Rank what to fix first.",
                    options=["Litter", "Lighting"])
    QuestionFactory(consultation=consultation, position=4, kind=QuestionKind.TEXT, text="Anything else?",
                    required=False)
    return consultation


def test_an_anonymous_visitor_answers_with_the_keyboard_alone(page, consultation):
    page.goto("/consultations/")
    assert_fits(page)
    tab_to(page, page.get_by_role("link", name="Ladypool Road park"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/consultations/{consultation.pk}/$"))
    assert_fits(page)
    tab_to(page, page.get_by_role("button", name="Respond"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers")
    assert_fits(page)

    # A mistake first: sent with nothing answered, the error summary says what is missing.
    tab_to(page, page.get_by_role("button", name="Send your answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Enter a postcode")
    expect(page.get_by_role("alert")).to_contain_text("Answer this question: Should the park open later?")
    assert_fits(page)

    tab_to(page, page.get_by_label("Your postcode"))
    page.keyboard.type("B11 1AA")
    page.keyboard.press("Tab")  # the first option of question 1
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the scale of question 2
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the rank of Litter
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # the rank of Lighting
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("More bins by the gate.")
    tab_to(page, page.get_by_role("button", name="Send your answers"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_fits(page)
    response = Response.objects.get()
    assert response.ward.name == "Sparkbrook & Balsall Heath East"
    assert sorted((a.option.label, a.rank) for a in response.answers.filter(rank__isnull=False)) == [
        ("Lighting", 2), ("Litter", 1)]
    assert response.answers.filter(text="More bins by the gate.").exists()


def test_a_closed_consultation_refuses(page, consultation):
    type(consultation).objects.filter(pk=consultation.pk).update(status=ConsultationStatus.CLOSED)
    page.goto(f"/consultations/{consultation.pk}/")
    expect(page.get_by_text("This consultation is closed")).to_be_visible()
    expect(page.get_by_role("button", name="Respond")).to_have_count(0)
    assert_fits(page)
    page.goto(f"/consultations/{consultation.pk}/respond/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This consultation is not taking answers")
    assert_fits(page)
    assert Response.objects.count() == 0
