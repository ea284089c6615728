"""The demonstration assets `make demo` loads: what a visitor to the demo sees, and that a second
run adds nothing."""

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from assets.models import Asset, AssetUseProposal, CommunityAssetTransfer, CommunityValue, CommunityValueNomination

pytestmark = pytest.mark.django_db

WARDS = {"DEMO/SBHE": "E05011170", "DEMO/BHW": "E05011122", "DEMO/SE": "E05011165", "DEMO/ST": "E05011178",
         "DEMO/NT": "E05011156"}  # New Aston House, a LoCAL hub, is in Newtown


@pytest.fixture(scope="module")
def demo(module_db):
    """Made once for the module's tests (module_db), which only read it or change it in their own
    transaction."""
    with override_settings(DEBUG=True):  # demo_accounts refuses to run on a production site
        call_command("demo_accounts", verbosity=0)
    for command in ("demo_wards", "demo_plans", "demo_engagement", "demo_assets"):
        call_command(command, verbosity=0)


def _counts():
    return tuple(model.objects.count() for model in (Asset, CommunityValueNomination, CommunityAssetTransfer,
                                                      AssetUseProposal))


def test_every_demo_asset_is_placed_in_its_ward_from_its_map_reference(demo):
    assets = Asset.objects.filter(asset_code__startswith="DEMO/").select_related("ward")
    assert assets.count() >= 8 and all(a.is_demo for a in assets)
    for asset in assets:
        prefix = asset.asset_code.rsplit("/", 1)[0]
        assert asset.ward.gss_code == WARDS[prefix], asset.name
        assert asset.location_source == "grid" and asset.latitude and asset.longitude


def test_the_demo_has_a_listing_in_its_interim_moratorium_a_transfer_and_a_proposal(demo):
    listing = CommunityValueNomination.objects.get(is_demo=True)
    assert listing.status == CommunityValueNomination.Status.LISTED
    assert listing.phase == CommunityValueNomination.Phase.INTERIM
    assert listing.asset.community_value in (CommunityValue.LISTED, CommunityValue.BOTH)
    transfer = CommunityAssetTransfer.objects.get(is_demo=True)
    assert transfer.stage == CommunityAssetTransfer.Stage.BUSINESS_CASE
    proposal = AssetUseProposal.objects.get(is_demo=True)
    assert proposal.proposed_by.username == "councillor"
    assert proposal.priority.plan.period == "2027/28" and proposal.asset.ward.gss_code == "E05011170"


def test_running_it_again_adds_nothing(demo):
    before = _counts()
    call_command("demo_assets", verbosity=0)
    assert _counts() == before


def test_the_ward_page_shows_the_demo_assets(demo, client):
    from wards.models import Ward

    ward = Ward.objects.current().get(gss_code="E05011170")
    html = client.get(ward.get_absolute_url()).content.decode()
    # Three buildings and plots, and the Farm Road hub's building.
    assert "Ladypool Road Community Centre" in html and html.count('class="app-map__asset"') == 4
