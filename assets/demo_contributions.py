"""Demonstration developer contributions in the demo wards (Sparkbrook & Balsall Heath East,
Balsall Heath West, Shard End, Sutton Trinity): Section 106 agreements with money received,
allocated and spent, one of them within 6 months of its spend-by date; CIL received this
financial year, so Sparkbrook & Balsall Heath East has neighbourhood CIL for the demo
councillor to allocate to a priority of its current plan. Each ward's council-tax dwellings
stand in as the Census 2021 households of its ward profile (the real count is the council tax
base's). Every write goes through the services, by the demo admin; dates are relative to today;
everything is marked demonstration; running it again creates nothing new."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from localism.accounts.models import User
from wards.models import PlanStatus, Postcode, Priority, Ward
from wards.models.plans import financial_year

from .models import (
    AgreementType,
    ContributionPurpose,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
    NeighbourhoodCilWard,
)
from .services import contributions as services

SPARKBROOK_EAST, BALSALL_HEATH_WEST, SHARD_END, SUTTON_TRINITY = "E05011170", "E05011122", "E05011165", "E05011178"
DWELLINGS_SOURCE = "Census 2021 households (a stand-in for the council tax base)"
FALLBACK_DWELLINGS = 9_000

# (reference, name, kind, ward, contributions: (suffix, purpose, amount, spend-by months, [(status, amount, days ago)]))
AGREEMENTS = [
    ("DEMO-S106-SBHE-1", "Former Stratford Road depot: 120 homes", AgreementType.SECTION_106, SPARKBROOK_EAST, [
        ("OS", ContributionPurpose.OPEN_SPACE, Decimal("120000"), 5,
         [(FundingStatus.RECEIVED, Decimal("120000"), 700), (FundingStatus.SPENT, Decimal("30000"), 200)]),
        ("ED", ContributionPurpose.EDUCATION, Decimal("85000"), 40,
         [(FundingStatus.RECEIVED, Decimal("85000"), 400)]),
    ]),
    ("DEMO-S106-BHW-1", "Edward Road: 48 flats", AgreementType.SECTION_106, BALSALL_HEATH_WEST, [
        ("HW", ContributionPurpose.HIGHWAYS, Decimal("45000"), 30,
         [(FundingStatus.RECEIVED, Decimal("45000"), 300), (FundingStatus.SPENT, Decimal("12500"), 60)]),
    ]),
    ("DEMO-S106-SE-1", "Shard End Crescent: 60 homes", AgreementType.SECTION_106, SHARD_END, [
        ("GI", ContributionPurpose.GREEN, Decimal("30000"), 14,
         [(FundingStatus.RECEIVED, Decimal("30000"), 500), (FundingStatus.RETURNED, Decimal("5000"), 30)]),
    ]),
    ("DEMO-CIL-SBHE-1", "Ladypool Road retail and homes", AgreementType.CIL, SPARKBROOK_EAST, [
        ("L", ContributionPurpose.CIL, Decimal("160000"), None, [(FundingStatus.RECEIVED, Decimal("160000"), 0)]),
    ]),
    ("DEMO-CIL-ST-1", "Sutton Trinity: care home", AgreementType.CIL, SUTTON_TRINITY, [
        ("L", ContributionPurpose.CIL, Decimal("90000"), None, [(FundingStatus.RECEIVED, Decimal("90000"), 0)]),
    ]),
]


@dataclass
class Report:
    agreements: int = 0
    transactions: int = 0
    allocations: int = 0

    def lines(self) -> list[str]:
        return [f"developer agreements: created {self.agreements}; transactions: recorded {self.transactions}; "
                f"Section 106 allocations: {self.allocations}"]


def _ward(gss_code):
    return Ward.objects.current().without_geometry().get(gss_code=gss_code)


def _dwellings(ward) -> None:
    if NeighbourhoodCilWard.objects.filter(ward=ward).exists():
        return
    profile = getattr(ward, "profile", None)  # none yet: RelatedObjectDoesNotExist is an AttributeError
    households = getattr(profile, "households", None) or FALLBACK_DWELLINGS
    NeighbourhoodCilWard.objects.create(ward=ward, council_tax_dwellings=households, dwellings_source=DWELLINGS_SOURCE)


def _day(today, days_ago: int) -> datetime.date:
    """`days_ago` before today (the CIL receipts are today's: in the current financial year)."""
    return today - datetime.timedelta(days=days_ago)


def _agreement(admin, today, spec, report) -> None:
    reference, name, kind, gss_code, contributions = spec
    if DeveloperAgreement.objects.filter(reference=reference).exists():
        return
    ward = _ward(gss_code)
    _dwellings(ward)
    postcode = Postcode.objects.filter(ward=ward, approximate=False).order_by("compact").values_list(
        "postcode", flat=True).first() or ""
    start = today - datetime.timedelta(days=800)
    agreement = services.agreement_create(
        user=admin, reference=reference, name=name, agreement_type=kind, entry_date=start, start_date=start,
        postcode=postcode, ward=ward, planning_application=f"{start.year}/0{len(reference)}4{report.agreements}/PA",
        is_demo=True)
    report.agreements += 1
    for suffix, purpose, amount, months, transactions in contributions:
        contribution = services.contribution_create(
            user=admin, agreement=agreement, reference=f"{reference}-{suffix}", purpose=purpose, amount=amount,
            entry_date=start, start_date=start, is_demo=True,
            spend_by_date=today + relativedelta(months=months) if months else None)
        for status, money, days_ago in transactions:
            services.transaction_record(user=admin, contribution=contribution, status=status, amount=money,
                                        start_date=_day(today, days_ago), is_demo=True, today=today)
            report.transactions += 1


def _s106_allocation(admin, today, report) -> None:
    """Part of the Sparkbrook open space money, allocated to a priority of the ward's current plan."""
    contribution = DeveloperContribution.objects.get(reference="DEMO-S106-SBHE-1-OS")
    if contribution.transactions.filter(status=FundingStatus.ALLOCATED).exists():
        return
    priority = current_priority(today)
    if priority is None:
        return
    services.s106_allocate(user=admin, contribution=contribution, amount=Decimal("40000"),
                           on=today - datetime.timedelta(days=150), priority=priority, today=today)
    report.allocations += 1


def current_priority(today) -> Priority | None:
    """The first priority of Sparkbrook & Balsall Heath East's plan for this year (published),
    else of any plan of the ward not archived."""
    plans = Priority.objects.filter(plan__wards__gss_code=SPARKBROOK_EAST, plan__is_demo=True).order_by(
        "plan__period", "position")
    return (plans.filter(plan__period=financial_year(today), plan__status=PlanStatus.PUBLISHED).first()
            or plans.exclude(plan__status=PlanStatus.ARCHIVED).first())


@transaction.atomic
def contributions_demo_create(*, today: datetime.date | None = None) -> Report:
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    report = Report()
    for spec in AGREEMENTS:
        _agreement(admin, today, spec, report)
    _s106_allocation(admin, today, report)
    services.contributions_mark_spend_by_risk(today=today)
    return report
