"""A hub in its building: every library hub linked to its library asset; a hub with a UPRN to the
asset with that UPRN; a hub already in a building left as it is; who may choose the building."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assets.tests.conftest import asset_officer
from assets.tests.factories import AssetFactory
from hubs.forms.portfolio import ASSET_UNKNOWN
from hubs.models import Hub
from hubs.services.assets import NOT_YOURS_TO_HOUSE, hub_asset_set, hubs_link_to_assets
from hubs.tests.factories import HubFactory
from localism.accounts.tests.factories import UserFactory
from localism.core.errors import Refused

pytestmark = pytest.mark.django_db


def run(name, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_every_library_hub_is_linked_to_its_library_asset_and_a_second_run_changes_nothing():
    run("load_libraries", "--commit")
    run("load_library_assets", "--commit")
    dry = run("link_hubs_to_assets")
    assert "hubs linked to their buildings: 37" in dry and "Dry run" in dry
    assert not Hub.objects.filter(asset__isnull=False).exists()
    out = run("link_hubs_to_assets", "--commit")
    assert "Shard End Library -> LIB-shard-end-library (by name and postcode)" in out
    libraries = Hub.objects.filter(is_library=True).select_related("asset")
    assert libraries.count() == 37
    for hub in libraries:
        assert (hub.asset.name, hub.asset.postcode, hub.asset.ward_id) == (hub.name, hub.postcode, hub.ward_id)
    again = run("link_hubs_to_assets", "--commit")
    assert "linked to their buildings: 0; already linked, left as they are: 37" in again


def test_a_hub_with_a_uprn_goes_in_the_asset_with_that_uprn_and_others_are_reported():
    building = AssetFactory(uprn="010012809443", name="Shard End Centre")
    hub = HubFactory(name="Shard End Hub", uprn="010012809443")
    HubFactory(name="Nowhere Hub")
    report = hubs_link_to_assets(commit=True)
    hub.refresh_from_db()
    assert hub.asset == building
    assert report.linked == [("Shard End Hub", building.asset_code, "UPRN")]
    assert report.unmatched == ["Nowhere Hub"]


def test_a_hub_an_officer_put_in_a_building_is_left_there():
    chosen, other = AssetFactory(uprn="010012809443"), AssetFactory(uprn="010012809444")
    hub = HubFactory(uprn="010012809444", asset=chosen)
    hubs_link_to_assets(commit=True)
    hub.refresh_from_db()
    assert hub.asset == chosen != other


@pytest.mark.parametrize("who, allowed", [
    ("hub_officer", True), ("asset_officer", True), ("admin", True),
    ("other_officer", False), ("councillor", False), ("resident", False),
])
def test_the_hubs_officers_and_asset_officers_choose_its_building(who, allowed):
    hub_officer = UserFactory(officer=True)
    people = {"hub_officer": hub_officer, "asset_officer": asset_officer(), "admin": UserFactory(admin=True),
              "other_officer": UserFactory(officer=True), "councillor": UserFactory(councillor=True),
              "resident": UserFactory()}
    hub, building = HubFactory(managers=[hub_officer]), AssetFactory()
    if allowed:
        hub_asset_set(user=people[who], hub=hub, asset=building)
        hub.refresh_from_db()
        assert hub.asset == building
    else:
        with pytest.raises(Refused, match=NOT_YOURS_TO_HOUSE):
            hub_asset_set(user=people[who], hub=hub, asset=building)
        hub.refresh_from_db()
        assert hub.asset is None


@pytest.mark.parametrize("who, status", [
    ("hub_officer", 200), ("asset_officer", 200), ("admin", 200), ("other_officer", 403), ("councillor", 403),
    ("partner", 403), ("resident", 403), ("anonymous", 302),
])
def test_the_building_page_is_for_the_hubs_officers_and_asset_officers(client, who, status):
    hub_officer = UserFactory(officer=True)
    hub = HubFactory(managers=[hub_officer])
    people = {"hub_officer": hub_officer, "asset_officer": asset_officer(), "admin": UserFactory(admin=True),
              "other_officer": UserFactory(officer=True), "councillor": UserFactory(councillor=True),
              "partner": UserFactory(partner=True), "resident": UserFactory(), "anonymous": None}
    if people[who]:
        client.force_login(people[who])
    url = reverse("hubs:building", kwargs={"slug": hub.slug})
    assert client.get(url).status_code == status
    assert client.post(url, {"asset_code": AssetFactory().asset_code}).status_code == (302 if status == 200 else status)
    hub.refresh_from_db()
    assert (hub.asset_id is not None) == (status == 200)


def test_an_officer_puts_the_hub_in_a_building_by_its_asset_id_and_is_told_of_a_wrong_one(client):
    officer = UserFactory(officer=True)
    hub = HubFactory(managers=[officer])
    building = AssetFactory(asset_code="BCC/00042", name="Shard End Centre", ward=hub.ward)
    client.force_login(officer)
    url = reverse("hubs:building", kwargs={"slug": hub.slug})
    assert "BCC/00042" in client.get(url).content.decode()  # suggested: a building in the hub's ward
    wrong = client.post(url, {"asset_code": "BCC/99999"})
    assert wrong.status_code == 400
    assert ASSET_UNKNOWN.format(code="BCC/99999") in wrong.content.decode()
    page = client.post(url, {"asset_code": " bcc/00042 "}, follow=True)
    assert "is in Shard End Centre (BCC/00042)" in page.content.decode()
    hub.refresh_from_db()
    assert hub.asset == building
    setup = client.get(reverse("hubs:setup", kwargs={"slug": hub.slug})).content.decode()
    assert "In Shard End Centre (BCC/00042) of the asset register." in setup
    client.post(url, {"asset_code": ""})
    hub.refresh_from_db()
    assert hub.asset is None


def test_the_four_local_hubs_of_the_demonstration_are_in_their_buildings(settings):
    # The LoCAL programme's four hubs: two libraries (their assets come from the libraries file)
    # and two buildings the demonstration registers, each linked to its hub by name and postcode.
    from django.core.management import call_command

    from hubs.models import Hub

    settings.DEBUG = True  # demo_accounts refuses to run on a production site
    call_command("demo_accounts", verbosity=0)
    settings.DEBUG = False
    for command, *args in (("demo_wards",), ("demo_plans",), ("load_libraries", "--commit"), ("demo_hubs",),
                           ("load_library_assets", "--commit"), ("demo_assets",),
                           ("link_hubs_to_assets", "--commit")):
        call_command(command, *args, verbosity=0)
    local = {hub.name: hub.asset for hub in Hub.objects.filter(is_demo=True).select_related("asset")
             if hub.name in ("New Aston House", "Farm Road — Sparkbrook Community and Health Centre")}
    assert {name: asset.asset_code for name, asset in local.items()} == {
        "New Aston House": "DEMO/NT/001", "Farm Road — Sparkbrook Community and Health Centre": "DEMO/SBHE/004"}
    libraries = Hub.objects.filter(name__in=["Shard End Library", "Sutton Coldfield Library"])
    assert all(hub.asset_id and hub.asset.asset_code.startswith("LIB-") for hub in libraries)
