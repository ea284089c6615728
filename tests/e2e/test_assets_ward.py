"""The council's assets on the ward page, and a councillor's proposed use: on the demo data, the
Sparkbrook & Balsall Heath East page lists the ward's assets and draws them on its boundary, and
reads at 320 px without scrolling sideways; the demo councillor proposes a use for the vacant
Walford Road plot from the draft plan with the keyboard alone. Each page passes axe-core."""

from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from assets.models import Asset, AssetUseProposal, CommunityAssetTransfer, CommunityValueNomination
from localism.accounts.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible, sign_in
from wards.models import Ward

WIDTH = 320


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _press(locator) -> None:
    """Activate a control from the keyboard: focus it, then Enter, and wait for the next page."""
    locator.focus()
    with locator.page.expect_navigation():
        locator.page.keyboard.press("Enter")


def _sign_in_by_keyboard(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(f"localism-{username}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/workspace/")


def test_the_ward_page_shows_its_assets_and_reflows_at_320_px(page, demo):
    ward = Ward.objects.current().get(gss_code="E05011170")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(ward.get_absolute_url())
    heading = page.get_by_role("heading", name=f"Council assets in {ward.name}")
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name="Ladypool Road Community Centre")).to_be_visible()
    # The demonstration's three buildings and plots in the ward, and the Farm Road hub's building.
    assert page.locator("circle.app-map__asset").count() == 4
    assert _width(page) <= WIDTH
    assert_accessible(page)


def test_a_councillor_proposes_a_use_with_the_keyboard_alone(page, demo):
    plot = Asset.objects.get(asset_code="DEMO/SBHE/003")
    page.set_viewport_size({"width": WIDTH, "height": 800})
    _sign_in_by_keyboard(page, "councillor")
    page.goto(plot.get_absolute_url())
    assert_accessible(page)
    _press(page.get_by_role("link", name="Propose a use for this asset"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a use for Vacant plot, Walford Road")
    assert _width(page) <= WIDTH
    assert_accessible(page)
    # The asset is chosen already; choose the first priority of the draft plan with the arrow key.
    page.get_by_label("Asset").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.type("A community growing space with raised beds, run by the residents' network.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your proposal has been sent")
    assert _width(page) <= WIDTH
    assert_accessible(page)
    proposal = AssetUseProposal.objects.get(asset=plot)
    assert proposal.proposed_by.username == "councillor" and proposal.priority.plan.period == "2027/28"
    # The plan page shows it under its priority.
    page.goto(proposal.priority.plan.get_absolute_url())
    expect(page.get_by_role("link", name="A use proposed for Vacant plot, Walford Road")).to_be_visible()


def test_the_asset_officers_pages_reflow_at_320_px(page, demo):
    # The flush between browser tests empties the groups the migrations made: make it again.
    group, _ = Group.objects.get_or_create(name="Asset officers")
    group.permissions.add(Permission.objects.get(content_type__app_label="assets", codename="manage_assets"))
    UserFactory(username="assetofficer", officer=True, password="localism-assetofficer").groups.add(group)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "assetofficer")
    listing = CommunityValueNomination.objects.get(is_demo=True)
    transfer = CommunityAssetTransfer.objects.get(is_demo=True)
    proposal = AssetUseProposal.objects.get(is_demo=True)
    for path in ["/assets/proposals/", proposal.get_absolute_url(), listing.get_absolute_url(),
                 f"{listing.get_absolute_url()}bidder/", "/assets/community-value/awaiting-decision/",
                 "/assets/transfers/", transfer.get_absolute_url(), f"{transfer.get_absolute_url()}decide/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert _width(page) <= WIDTH, path
        assert_accessible(page)
