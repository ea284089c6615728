"""Reads of developer contributions: the city's table by ward, a ward's contributions, the
annual infrastructure funding statement and the API's list. Each in a fixed number of queries,
however many wards, agreements or transactions."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum

from wards.models import Ward
from wards.models.plans import period_ends, period_starts

from ..models import (
    AgreementType,
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    FundingStatus,
    NeighbourhoodCilAllocation,
)
from ..services import neighbourhood_cil as ncil

ZERO = Decimal(0)
KINDS = {"s106": AgreementType.SECTION_106, "cil": AgreementType.CIL}
SORTS = ["ward", "contracts", "windows_open", "s106_received", "s106_allocated", "s106_spent", "cil_received",
         "ncil_received", "ncil_allocated", "ncil_available"]


@dataclass
class WardMoney:
    ward: Ward
    s106: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    cil: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    ncil_received: Decimal = ZERO
    ncil_allocated: Decimal = ZERO
    ncil_spent: Decimal = ZERO
    contracts: int = 0  # the service contracts serving the ward, city-wide ones too (the city's table)
    windows_open: int = 0  # of which with their renewal window open

    @property
    def ncil_available(self) -> Decimal:
        return self.ncil_received - self.ncil_allocated

    def sort_key(self, name: str):
        if name == "ward":
            return self.ward.name
        if name.startswith("s106_"):
            return self.s106[name[5:]]
        if name == "cil_received":
            return self.cil["received"]
        return getattr(self, name)


def _money_by_ward(ward_ids, transactions) -> dict:
    rows = (transactions.filter(contribution__agreement__ward__in=ward_ids, amount__isnull=False)
            .values_list("contribution__agreement__ward", "contribution__agreement__agreement_type", "status")
            .order_by().annotate(total=Sum("amount")))
    found = defaultdict(dict)
    for ward_id, kind, status, total in rows:
        found[ward_id][(kind, status)] = total
    return found


@dataclass
class WardContributions:
    received: Decimal = ZERO  # Section 106 and CIL received in the period
    unspent: Decimal = ZERO  # received up to the period's end, less what was spent or returned


def contributions_by_ward(ward_ids, *, start: datetime.date, end: datetime.date) -> dict[int, WardContributions]:
    """For each ward, the developer contributions (Section 106 and CIL) for sites in it received
    from `start` to `end` (by each transaction's date), and those unspent at `end`: all received
    up to then, less all spent or returned up to then. Two queries (_money_by_ward, as the city's
    table counts), whatever the number of wards."""
    ward_ids = list(ward_ids)
    dated = ContributionTransaction.objects.filter(start_date__lte=end)
    in_period = _money_by_ward(ward_ids, dated.filter(start_date__gte=start))
    to_date = _money_by_ward(ward_ids, dated)
    kinds = (AgreementType.SECTION_106, AgreementType.CIL)

    def total(money, status):
        return sum((money.get((kind, status), ZERO) for kind in kinds), ZERO)

    found = {}
    for pk in ward_ids:
        money = to_date.get(pk, {})
        found[pk] = WardContributions(
            received=total(in_period.get(pk, {}), FundingStatus.RECEIVED),
            unspent=total(money, FundingStatus.RECEIVED) - total(money, FundingStatus.SPENT)
            - total(money, FundingStatus.RETURNED))
    return found


def wards_money(wards, *, period: str) -> list[WardMoney]:
    """Per ward: Section 106 and CIL money by status (all years), and the neighbourhood portion
    of CIL for `period` received, allocated and spent."""
    wards = list(wards)
    ids = [w.pk for w in wards]
    money = _money_by_ward(ids, ContributionTransaction.objects.all())
    portions = ncil.portions(wards, period)
    allocations = ncil.allocated(ids, period)
    rows = []
    for ward in wards:
        row = WardMoney(ward=ward)
        for (kind, status), total in money.get(ward.pk, {}).items():
            (row.s106 if kind == AgreementType.SECTION_106 else row.cil if kind == AgreementType.CIL else {})[
                status] = total
        row.ncil_received = portions[ward.pk].received
        row.ncil_allocated, row.ncil_spent = allocations[ward.pk]
        rows.append(row)
    return rows


def city_table(*, period: str, sort: str = "ward", descending: bool = False,
               today: datetime.date | None = None) -> list[WardMoney]:
    """Every current ward's row of the city's table (69 rows: bounded), sorted: its service
    contracts and those open to its input, and its developer contributions."""
    from django.utils import timezone

    from .contracts import contract_counts_by_ward

    sort = sort if sort in SORTS else "ward"
    rows = wards_money(Ward.objects.current().without_geometry().order_by("name"), period=period)
    counts = contract_counts_by_ward([row.ward.pk for row in rows], today=today or timezone.localdate())
    for row in rows:
        row.contracts, row.windows_open = counts[row.ward.pk]
    return sorted(rows, key=lambda r: r.sort_key(sort), reverse=descending)


def ward_money(ward: Ward, *, period: str) -> WardMoney:
    return wards_money([ward], period=period)[0]


def ward_agreements(ward: Ward):
    """The agreements for sites in the ward, with their contributions and transactions (three
    queries for any page of them)."""
    transactions = ContributionTransaction.objects.select_related("priority", "action").order_by(
        "start_date", "reference")
    contributions = DeveloperContribution.objects.order_by("reference").prefetch_related(
        Prefetch("transactions", queryset=transactions))
    return (DeveloperAgreement.objects.filter(ward=ward).order_by("agreement_type", "reference", "pk")
            .prefetch_related(Prefetch("contributions", queryset=contributions)))


def ward_neighbourhood_allocations(ward: Ward):
    return (NeighbourhoodCilAllocation.objects.filter(account__ward=ward)
            .select_related("account", "priority__plan").order_by("-allocated_on", "-pk"))


def at_risk(band: str | None = None):
    """Section 106 contributions whose spend-by date is near or past, as last marked."""
    found = DeveloperContribution.objects.exclude(spend_by_risk="").select_related("agreement__ward").defer(
        "agreement__ward__boundary", "agreement__ward__boundary_simplified"
    ).order_by("spend_by_date", "reference", "pk")
    return found.filter(spend_by_risk=band) if band else found


def s106_contributions():
    return (DeveloperContribution.objects.filter(agreement__agreement_type=AgreementType.SECTION_106)
            .select_related("agreement").order_by("reference"))


def contributions_for_recording():
    return DeveloperContribution.objects.select_related("agreement").order_by("reference")


STATUSES = [FundingStatus.RECEIVED, FundingStatus.ALLOCATED, FundingStatus.SPENT, FundingStatus.RETURNED]


@dataclass
class FundingStatement:
    period: str
    by_kind: dict  # kind label -> {status: total}
    by_ward: list  # [(ward name or "No ward", kind label, {status: total})]
    totals: dict  # status -> total


def funding_statement(period: str) -> FundingStatement:
    """The infrastructure funding statement's figures for a financial year: the money received,
    allocated, spent and returned in it (by each transaction's date), by kind and by ward. One
    query."""
    rows = (ContributionTransaction.objects
            .filter(start_date__range=(period_starts(period), period_ends(period)), amount__isnull=False,
                    status__in=STATUSES)
            .values_list("contribution__agreement__ward__name", "contribution__agreement__agreement_type", "status")
            .order_by().annotate(total=Sum("amount")))
    labels = dict(AgreementType.choices)
    by_kind = {labels[k]: {s.value: ZERO for s in STATUSES} for k in (AgreementType.SECTION_106, AgreementType.CIL)}
    by_ward = defaultdict(lambda: {s.value: ZERO for s in STATUSES})
    totals = {s.value: ZERO for s in STATUSES}
    for ward_name, kind, status, total in rows:
        by_kind.setdefault(labels[kind], {s.value: ZERO for s in STATUSES})[status] += total
        by_ward[(ward_name or "No ward (outside Birmingham)", labels[kind])][status] += total
        totals[status] += total
    return FundingStatement(period=period, by_kind=by_kind, totals=totals,
                            by_ward=[(w, k, v) for (w, k), v in sorted(by_ward.items())])


def api_contributions(*, kind: str | None = None, status: str | None = None, ward_gss: str | None = None):
    """The API's list of contributions, with their agreement and ward (one query a page)."""
    found = DeveloperContribution.objects.select_related("agreement__ward").defer(
        "agreement__ward__boundary", "agreement__ward__boundary_simplified").order_by("reference")
    if kind:
        found = found.filter(agreement__agreement_type=KINDS[kind])
    if status:
        found = found.filter(transactions__status=status).distinct()
    if ward_gss:
        found = found.filter(agreement__ward__gss_code=ward_gss)
    return found


def councillor_neighbourhood_cil(user, *, period: str) -> list[WardMoney]:
    """The wards where the user holds a seat, with their neighbourhood CIL for the year: what
    their workspace offers to allocate."""
    from wards.rules import wards_with_seat

    wards = wards_with_seat(user, Ward.objects.current().without_geometry()).distinct().order_by("name")
    return wards_money(wards, period=period)
