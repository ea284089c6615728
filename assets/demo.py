"""Demonstration assets: a few plausible council buildings and plots in the demo wards (Sparkbrook
& Balsall Heath East, Balsall Heath West, Shard End, Sutton Trinity), each at the British National
Grid point of a real postcode in its ward and placed in its ward by the register's own placement;
one listed asset of community value whose owner (the council) has notified an intention to sell,
in its interim moratorium; one community asset transfer at the business case stage; and one use
proposed by the demo councillor from the Sparkbrook and Balsall Heath draft plan. Every write goes
through the services, the dates are relative to today, everything is marked demonstration, and
running it again creates nothing new."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from localism.accounts.models import Organisation, User
from wards.models import PlanStatus, Priority

from .models import Asset, AssetUseProposal, CommunityAssetTransfer, CommunityValueNomination, GroupKind, Tenure
from .services import asset_create
from .services import community as community_services
from .services import proposals as proposal_services

# Easting and northing: the Ordnance Survey point of a real postcode in the ward (the postcode
# given), so the asset lands inside the ward's boundary.
ASSETS = [
    # Two of the LoCAL programme's four hubs (the other two, The Shard and Sutton Coldfield Library,
    # are libraries: load_library_assets registers them), at their postcodes' grid points; the hubs are
    # linked to them by name and postcode (manage.py link_hubs_to_assets).
    dict(asset_code="DEMO/SBHE/004", name="Farm Road — Sparkbrook Community and Health Centre", street="Farm Road",
         postcode="B11 1LU", easting=Decimal("408839"), northing=Decimal("284976"), tenure=Tenure.LEASEHOLD,
         tenure_detail="Occupied by the local authority",
         holding_type="Land and Building", size=Decimal("2400"), size_unit="sq m",
         services_offered="Customer service centre, community library, GP practices, clinics, community rooms",
         reason_held="Shared service hub (LoCAL)", running_costs=Decimal("182000"), energy_rating="C"),
    dict(asset_code="DEMO/NT/001", name="New Aston House", street="New Aston House, Newtown", postcode="B19 2SW",
         easting=Decimal("407155"), northing=Decimal("288856"), tenure=Tenure.FREEHOLD,
         tenure_detail="Occupied by the local authority", holding_type="Land and Building",
         size=Decimal("3100"), size_unit="sq m", services_offered="Customer service centre, housing options",
         reason_held="Shared service hub (LoCAL)", running_costs=Decimal("214000"), energy_rating="D"),
    dict(asset_code="DEMO/SBHE/001", name="Ladypool Road Community Centre", street="Ladypool Road",
         postcode="B12 8NN", easting=Decimal("408086"), northing=Decimal("284333"), tenure=Tenure.FREEHOLD,
         tenure_detail="Occupied by community groups on licences", holding_type="Land and Building",
         size=Decimal("640"), size_unit="sq m", services_offered="Community hall, advice sessions, youth club",
         reason_held="Community use", running_costs=Decimal("38500"), energy_rating="D"),
    dict(asset_code="DEMO/SBHE/002", name="Former Stratford Road depot", street="Stratford Road",
         postcode="B11 1NA", easting=Decimal("409147"), northing=Decimal("284945"), tenure=Tenure.FREEHOLD,
         tenure_detail="Vacant", holding_type="Land and Building", size=Decimal("0.35"), size_unit="ha",
         reason_held="Surplus to operational needs; under review", maintenance_backlog=Decimal("120000")),
    dict(asset_code="DEMO/SBHE/003", name="Vacant plot, Walford Road", street="Walford Road", postcode="B11 1TY",
         easting=Decimal("409457"), northing=Decimal("284602"), tenure=Tenure.FREEHOLD, tenure_detail="Vacant land",
         holding_type="Land", size=Decimal("0.12"), size_unit="ha", reason_held="Held for regeneration"),
    dict(asset_code="DEMO/BHW/001", name="Edward Road Youth Centre", street="Edward Road", postcode="B12 9AP",
         easting=Decimal("407606"), northing=Decimal("285060"), tenure=Tenure.FREEHOLD,
         tenure_detail="Occupied by the local authority", holding_type="Land and Building", size=Decimal("410"),
         size_unit="sq m", services_offered="Youth work sessions", reason_held="Youth services",
         running_costs=Decimal("21400"), energy_rating="E"),
    dict(asset_code="DEMO/BHW/002", name="Mary Street allotments", street="Mary Street", postcode="B12 9HD",
         easting=Decimal("407270"), northing=Decimal("284760"), tenure=Tenure.FREEHOLD,
         tenure_detail="Let to an allotment society", holding_type="Land", size=Decimal("0.8"), size_unit="ha",
         reason_held="Statutory allotments"),
    dict(asset_code="DEMO/SE/001", name="Shard End Community Hall", street="Packington Avenue", postcode="B34 7AN",
         easting=Decimal("415238"), northing=Decimal("288354"), tenure=Tenure.FREEHOLD,
         tenure_detail="Occupied by the local authority", holding_type="Land and Building", size=Decimal("520"),
         size_unit="sq m", services_offered="Community hall, warm space in winter", reason_held="Community use",
         running_costs=Decimal("29800"), energy_rating="D"),
    dict(asset_code="DEMO/SE/002", name="Access strip to the Cole Valley", street="Shard End Crescent",
         postcode="B34 6SE", easting=Decimal("414997"), northing=Decimal("288890"), tenure=Tenure.OTHER,
         tenure_detail="Right of way", holding_type="Land", reason_held="Public access to open space"),
    dict(asset_code="DEMO/ST/001", name="Trinity Hill neighbourhood office", street="Trinity Hill",
         postcode="B72 1UH", easting=Decimal("412049"), northing=Decimal("296558"), tenure=Tenure.LEASEHOLD,
         tenure_detail="Leased by the council (ten years to 2031)", holding_type="Land and Building",
         size=Decimal("260"), size_unit="sq m", services_offered="Neighbourhood office, councillor surgeries",
         reason_held="Operational", running_costs=Decimal("18200"), energy_rating="C"),
    dict(asset_code="DEMO/ST/002", name="Car park, Upper Clifton Road", street="Upper Clifton Road",
         postcode="B73 6JD", easting=Decimal("411428"), northing=Decimal("295577"), tenure=Tenure.FREEHOLD,
         tenure_detail="Public car park", holding_type="Land", size=Decimal("0.25"), size_unit="ha",
         reason_held="Parking for the town centre"),
]
LISTED = "DEMO/SBHE/001"
TRANSFER = "DEMO/BHW/001"
PROPOSED = "DEMO/SBHE/002"
NOMINATING_GROUP = "Balsall Heath Residents' Network (demo)"
TRANSFER_ORGANISATION = "Sparkbrook Youth Project (demo)"


@dataclass
class Report:
    assets: int = 0
    listings: int = 0
    transfers: int = 0
    proposals: int = 0

    def lines(self) -> list[str]:
        return [f"assets: created {self.assets}", f"assets of community value: listed {self.listings}",
                f"community asset transfers: started {self.transfers}", f"proposed uses: created {self.proposals}"]


def _assets(admin, report) -> dict[str, Asset]:
    made = {a.asset_code: a for a in Asset.objects.filter(asset_code__in=[s["asset_code"] for s in ASSETS])}
    for spec in ASSETS:
        if spec["asset_code"] not in made:
            made[spec["asset_code"]] = asset_create(user=admin, post_town="Birmingham" if not spec["asset_code"]
                                                    .startswith("DEMO/ST") else "Sutton Coldfield",
                                                    is_demo=True, **spec)
            report.assets += 1
    return made


def _listing(admin, asset, today, report) -> None:
    """Listed about five months ago; the council, as owner, notified an intention to sell two
    weeks ago: the six-week interim moratorium runs."""
    if CommunityValueNomination.objects.filter(asset=asset).exists():
        return
    nominated_on = today - datetime.timedelta(days=200)
    nomination = community_services.nomination_create(
        user=admin, asset=asset, nominating_group=NOMINATING_GROUP,
        nominating_group_kind=GroupKind.VOLUNTARY_COMMUNITY_BODY,
        nominating_organisation=Organisation.objects.filter(name=NOMINATING_GROUP).first(),
        local_connection="Its members live in Sparkbrook and Balsall Heath; it meets at the centre every week.",
        reason=("The centre is the only hall in the neighbourhood that groups can afford: the youth club, the "
                "advice sessions and the Saturday supplementary school meet there."),
        nomination_date=nominated_on, is_demo=True, today=today)
    nomination = community_services.nomination_decide(
        nomination=nomination, user=admin, decision=CommunityValueNomination.Decision.LISTED,
        reason="Its main use furthers the social wellbeing of the local community and can continue.",
        decision_date=nominated_on + datetime.timedelta(days=50), today=today)
    community_services.disposal_notify(nomination=nomination, user=admin,
                                       notified_on=today - datetime.timedelta(days=14), today=today)
    report.listings += 1


def _transfer(admin, asset, today, report) -> None:
    if CommunityAssetTransfer.objects.filter(asset=asset).exists():
        return
    organisation = Organisation.objects.get(name=TRANSFER_ORGANISATION)
    transfer = community_services.transfer_request(
        user=admin, asset=asset, organisation=organisation, on=today - datetime.timedelta(days=45), is_demo=True,
        proposed_use=("Run the youth centre six evenings a week, with a music studio and a homework club, and "
                      "let the hall to local groups in the day."))
    community_services.transfer_invite_business_case(transfer=transfer, user=admin)
    report.transfers += 1


def _proposal(asset, report) -> None:
    """The demo councillor proposes a use for the empty depot from the Sparkbrook and Balsall
    Heath draft plan (2027/28)."""
    if AssetUseProposal.objects.filter(asset=asset).exists():
        return
    councillor = User.objects.get(username="councillor")
    priority = (Priority.objects.filter(plan__wards=asset.ward, plan__is_demo=True, plan__period="2027/28",
                                        plan__status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION])
                .order_by("position").first())
    if priority is None:
        return
    proposal_services.asset_use_propose(
        user=councillor, asset=asset, priority=priority, is_demo=True,
        proposed_use=("A base for the ward's youth and community work: a youth club in the evenings, a food "
                      "pantry in the day, and the yard as a community growing space."))
    report.proposals += 1


@transaction.atomic
def assets_demo_create(*, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    report = Report()
    made = _assets(admin, report)
    _listing(admin, made[LISTED], today, report)
    _transfer(admin, made[TRANSFER], today, report)
    _proposal(made[PROPOSED], report)
    return report
