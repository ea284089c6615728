"""An asset officer imports the register from its page with the keyboard alone: the first file
has a bad tenure, and the page names the row and imports nothing; the corrected file's dry run
shows what it would do, and the officer confirms it. Each page passes axe-core, and reads at
320 px without scrolling sideways."""

from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from assets.models import Asset
from localism.accounts.tests.factories import UserFactory
from tests.e2e.conftest import assert_accessible, sign_in

WIDTH = 320
HEADER = ("Organisation,OrganisationLabel,Organisation,OrganisationLabel,UPRN,AssetCode,PropertyName,StreetName,"
          "PostTown,PostCode,GeoX,GeoY,TenureType,TenureDetail,HoldingType\n")
ROWS = ("Birmingham City Council,E08000025,Birmingham City Council,E08000025,10033544614,BCC/00001,Council House,"
        "Victoria Square,Birmingham,B1 1BB,406653.64,286948.41,{tenure},Occupied by the local authority,"
        "Land and Building\n"
        "Birmingham City Council,E08000025,Birmingham City Council,E08000025,,BCC/00002,Library of Birmingham,"
        "Centenary Square,Birmingham,B1 2ND,,,Freehold,Occupied by the local authority,Land and Building\n")


def _asset_officer():
    # The flush between browser tests empties the groups the migrations made: make it again.
    group, _ = Group.objects.get_or_create(name="Asset officers")
    group.permissions.add(Permission.objects.get(content_type__app_label="assets", codename="manage_assets"))
    user = UserFactory(username="assetofficer", officer=True, password="localism-assetofficer")
    user.groups.add(group)
    return user


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _press(locator) -> None:
    """Activate a control from the keyboard: focus it, then Enter, and wait for the next page."""
    locator.focus()
    with locator.page.expect_navigation():
        locator.page.keyboard.press("Enter")


def test_an_asset_officer_imports_a_file_fixes_its_error_and_imports_it(page, tmp_path):
    _asset_officer()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    sign_in(page, "assetofficer")
    page.goto("/assets/")
    assert_accessible(page)
    assert _width(page) <= WIDTH
    _press(page.get_by_role("link", name="Import a register file"))

    bad = tmp_path / "register.csv"
    bad.write_text(HEADER + ROWS.format(tenure="Fee simple"))
    page.get_by_label("Register file (CSV)").set_input_files(bad)
    _press(page.get_by_role("button", name="Check the file"))
    expect(page.locator("#import-problems")).to_have_text(
        "line 2 (asset BCC/00001): tenure 'Fee simple' is not Freehold, Leasehold or Other")
    assert not Asset.objects.exists()
    assert_accessible(page)
    assert _width(page) <= WIDTH

    good = tmp_path / "register-fixed.csv"
    good.write_text(HEADER + ROWS.format(tenure="Freehold"))
    page.get_by_label("Register file (CSV)").set_input_files(good)
    _press(page.get_by_role("button", name="Check the file"))
    expect(page.get_by_text("assets: created 2, updated 0, unchanged 0")).to_be_visible()
    assert not Asset.objects.exists()
    assert_accessible(page)
    assert _width(page) <= WIDTH

    _press(page.get_by_role("button", name="Confirm the import"))
    expect(page.get_by_text("The register file has been imported.")).to_be_visible()
    assert Asset.objects.count() == 2
    assert Asset.objects.get(asset_code="BCC/00001").ward.name == "Ladywood"
    _press(page.get_by_role("link", name="Council House"))
    expect(page.get_by_role("heading", name="History of changes")).to_be_visible()
    assert_accessible(page)
    assert _width(page) <= WIDTH
