"""Demonstration service contracts: street cleansing, youth services, a leisure centre operator
and one city-wide contract (home care), serving the demo wards (Sparkbrook & Balsall Heath East,
Balsall Heath West, Shard End, Sutton Trinity), each with a specification and a review. Exactly
one renewal window is open for the demo councillor's wards (youth services, in Sparkbrook &
Balsall Heath East and Balsall Heath West); the others open later. Every write goes through the
services, the dates are relative to today, everything is marked demonstration, and running it
again creates nothing new. Nobody is put in a group (the demo councillor's input is theirs to give;
admin, a superuser, keeps the contracts)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from localism.accounts.models import Organisation, User
from wards.models import Ward

from .models import Contract, ContractReview, Supplier
from .services import contracts as services

BUYERS = {
    "neighbourhoods": "Neighbourhoods Directorate (demo)",
    "children": "Children and Families Directorate (demo)",
    "adults": "Adult Social Care Directorate (demo)",
}
SUPPLIERS = {
    "clean": ("Clean Streets Birmingham Ltd (demo)", "GB-COH-DEMO0001"),
    "youth": ("Balsall Heath Youth Partnership CIC (demo)", "GB-COH-DEMO0002"),
    "leisure": ("Active East Leisure Trust (demo)", "GB-CHC-DEMO0003"),
    "care": ("Midlands Home Care Cooperative (demo)", "GB-COH-DEMO0004"),
}
SBHE, BHW = "Sparkbrook & Balsall Heath East", "Balsall Heath West"
SHARD, SUTTON = "Shard End", "Sutton Trinity"
# (ocid, title, buyer, supplier, value, wards (None: city-wide), months from today to the decision date)
CONTRACTS = [
    ("ocds-demo-bcc-0001", "Youth services in Sparkbrook and Balsall Heath", "children", "youth",
     Decimal("1450000"), [SBHE, BHW], 5),
    ("ocds-demo-bcc-0002", "Street cleansing, south central", "neighbourhoods", "clean", Decimal("6200000"),
     [SBHE, BHW, SUTTON], 30),
    ("ocds-demo-bcc-0003", "Shard End leisure centre operator", "neighbourhoods", "leisure", Decimal("3800000"),
     [SHARD], 20),
    ("ocds-demo-bcc-0004", "Home care, city-wide", "adults", "care", Decimal("24000000"), None, 26),
]
DESCRIPTIONS = {
    "ocds-demo-bcc-0001": "Open-access youth work, detached outreach and holiday programmes for young people aged "
                          "11 to 19 (up to 25 with special educational needs).",
    "ocds-demo-bcc-0002": "Mechanical and manual street sweeping, litter bin emptying and fly-tip clearance.",
    "ocds-demo-bcc-0003": "Operating the Shard End leisure centre: pool, gym, classes and community sessions.",
    "ocds-demo-bcc-0004": "Home care for adults assessed as eligible, across the city.",
}


@dataclass
class Report:
    contracts: int = 0
    specifications: int = 0
    reviews: int = 0

    def lines(self) -> list[str]:
        return [f"contracts: created {self.contracts}", f"specifications: created {self.specifications}",
                f"reviews: created {self.reviews}"]


def _buyer(key):
    name = BUYERS[key]
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        from django.utils.text import slugify

        organisation = Organisation.objects.create(name=name, slug=slugify(name), is_demo=True,
                                                   kind=Organisation.Kind.COUNCIL_DIRECTORATE)
    return organisation


def _supplier(admin, key):
    name, identifier = SUPPLIERS[key]
    return Supplier.objects.filter(identifier=identifier).first() or services.supplier_create(
        user=admin, name=name, identifier=identifier, is_demo=True)


@transaction.atomic
def contracts_demo_create(*, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    wards = {w.name: w for w in Ward.objects.current().filter(name__in=[SBHE, BHW, SHARD, SUTTON])}
    report = Report()
    months = settings.LOCALISM_CONTRACT_RENEWAL_WINDOW_MONTHS
    for ocid, title, buyer, supplier, value, served, due_in in CONTRACTS:
        contract = Contract.objects.filter(ocid=ocid).first()
        if contract is None:
            # The window (months before the decision) is open only for the youth services contract.
            due = today + relativedelta(months=due_in if due_in < months else max(due_in, months + 2))
            end = due + relativedelta(months=6)
            contract = services.contract_create(
                user=admin, ocid=ocid, title=title, description=DESCRIPTIONS[ocid], buyer=_buyer(buyer),
                value=value, period_start=end - relativedelta(years=5), period_end=end,
                max_extent_date=end + relativedelta(years=2), decision_due=due, city_wide=served is None,
                status=Contract.Status.IN_RENEWAL if due_in < months else Contract.Status.ACTIVE,
                wards=[wards[n] for n in served or []], suppliers=[_supplier(admin, supplier)], is_demo=True)
            report.contracts += 1
        if not contract.specifications.exists():
            services.specification_add(
                user=admin, contract=contract, title=f"{title}: service specification",
                issued_on=contract.period_start, is_demo=True,
                summary=f"{DESCRIPTIONS[ocid]} Outcomes, hours of service and reporting each quarter.",
                ward_influence="Wards can set local priorities for where and when the service is delivered, "
                               "within the specification's hours, and ask for a quarterly report for the ward.")
            report.specifications += 1
        if not contract.reviews.exists():
            services.review_add(user=admin, contract=contract, kind=ContractReview.Kind.PERFORMANCE,
                                reviewed_on=today - datetime.timedelta(days=90), rating=ContractReview.Rating.GOOD,
                                findings="Targets met in three quarters of four; response times improved.",
                                is_demo=True)
            report.reviews += 1
    return report
