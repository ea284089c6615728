"""Deadlines: from a day, what falls due in the next 3, 6 and 12 months, and what is overdue. Every
definition is here, once; the report and its benchmark (bench/sql/deadlines.py) count the same.

Bands, from the day D (months are calendar months, as the Section 106 spend-by bands count them):
- **overdue**: the date is before D and the item is still open (see each kind);
- **3 months**: from D up to and including the day 3 months after D;
- **6 months**: after that, up to and including the day 6 months after D;
- **12 months**: after that, up to and including the day 12 months after D.
Each item is in the first band it falls in.

Kinds:
- **Occupier's agreement ends** (`occupancy`): an occupancy of a hub active on D (a lease, licence,
  memorandum of understanding or the council's own use: `Occupancy.objects.active`) whose end date
  falls in a band. An agreement past its end has ended: none is overdue. Responsible: the hub's
  officers.
- **Contract renewal decision due** (`contract`): a service contract with no renewal decision
  recorded, by its "renewal decision due by" date. Overdue while undecided after it (the nightly
  job's "decision overdue"). Responsible: the commissioning officers of its buyer.
- **Community value moratorium ends** (`moratorium`): a listed asset of community value whose
  owner notified a sale, by the last day of its moratorium (the full moratorium's when a group
  asked to bid in time, else the interim one's). A moratorium ends by itself: none is overdue.
  Responsible: the asset officers.
- **Section 106 spend-by date** (`section_106`): a Section 106 contribution holding money
  received and neither spent nor returned, by its spend-by date (the rule of the spend-by risk
  bands, assets.services.contributions). Overdue while money is unspent after it. Responsible:
  the planning obligations officers.

A fixed number of queries, whatever the number of items."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import DateField
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from assets.models import AgreementType, CommunityValueNomination, DeveloperContribution
from assets.selectors.contracts import contract_list
from assets.services.contributions import balances_of
from hubs.models import Hub, Occupancy
from localism.core.links import address_of

BANDS = [
    ("overdue", "Overdue"),
    ("3_months", "In the next 3 months"),
    ("6_months", "In 3 to 6 months"),
    ("12_months", "In 6 to 12 months"),
]
KINDS = [
    ("occupancy", "Occupier's agreement ends"),
    ("contract", "Contract renewal decision due"),
    ("moratorium", "Community value moratorium ends"),
    ("section_106", "Section 106 spend-by date"),
]
KIND_LABELS = dict(KINDS)
BAND_LABELS = dict(BANDS)
CITY_WIDE = "City-wide"
NO_GEOMETRY = ("boundary", "boundary_simplified")


@dataclass
class Deadline:
    kind: str
    band: str
    date: datetime.date
    what: str
    wards: list[str]
    responsible: str
    url: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]


@dataclass
class Deadlines:
    on: datetime.date
    edges: dict[str, datetime.date]  # each future band's last day
    items: list[Deadline] = field(default_factory=list)

    def in_band(self, band: str) -> list[Deadline]:
        return [item for item in self.items if item.band == band]

    def figures(self) -> dict:
        """The key figures: how many items of each kind fall in each band, and in all."""
        found = {}
        for band, _label in BANDS:
            items = self.in_band(band)
            for kind, _ in KINDS:
                found[f"{kind}_{band}"] = sum(1 for item in items if item.kind == kind)
            found[band] = len(items)
        return found


def band_edges(on: datetime.date) -> dict[str, datetime.date]:
    return {"3_months": on + relativedelta(months=3), "6_months": on + relativedelta(months=6),
            "12_months": on + relativedelta(months=12)}


def band_of(day: datetime.date, on: datetime.date, edges: dict[str, datetime.date]) -> str | None:
    if day < on:
        return "overdue"
    for band in ("3_months", "6_months", "12_months"):
        if day <= edges[band]:
            return band
    return None


def _deferred(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" for name in NO_GEOMETRY]


def _occupancies(on, last) -> list[Deadline]:
    """Values, not models: at 8,000 wards there are thousands of agreements ending, and making an
    occupancy, its hub, ward and organisation and a related manager of officers for each, and
    reversing each hub's address, was most of the report's time. Three queries."""
    ending = Occupancy.objects.active(on).filter(ends_on__lte=last)
    officers: dict[int, list[str]] = defaultdict(list)
    for hub_id, first_name, last_name, username in (
            Hub.managers.through.objects.filter(hub__in=ending.values("hub_id"))
            .values_list("hub_id", "user__first_name", "user__last_name", "user__username")):
        officers[hub_id].append(f"{first_name} {last_name}".strip() or username)  # as get_full_name()
    agreements = dict(Occupancy.Agreement.choices)
    page = address_of("hubs:occupiers", "slug")
    items = []
    for ends_on, agreement, organisation, hub_id, hub, slug, ward in ending.order_by("ends_on", "pk").values_list(
            "ends_on", "agreement", "organisation__name", "hub_id", "hub__name", "hub__slug", "hub__ward__name"):
        names = ", ".join(sorted(officers.get(hub_id, [])))
        items.append(Deadline(
            kind="occupancy", band="", date=ends_on,
            what=f"{agreements.get(agreement, agreement)} of {organisation} at {hub} ends",
            wards=[ward], responsible=f"Hub officers of {hub}" + (f": {names}" if names else ""),
            url=page(slug)))
    return items


def _contracts(on, last) -> list[Deadline]:
    found = contract_list(renewal_before=last + datetime.timedelta(days=1), today=on).filter(renewal_decision="")
    return [Deadline(
        kind="contract", band="", date=contract.decision_due, what=f"Renewal decision on {contract.title}",
        wards=[CITY_WIDE] if contract.city_wide else sorted(w.name for w in contract.wards.all()),
        responsible=f"Commissioning officers, {contract.buyer.name}", url=contract.get_absolute_url())
        for contract in found]


def moratoria_ending(last: datetime.date):
    """Listed assets of community value whose moratorium (full, else interim) ends by `last`,
    each annotated with `ends`."""
    return (CommunityValueNomination.objects.listed().filter(notification_to_sell_date__isnull=False)
            .annotate(ends=Coalesce("full_moratorium_ends", "interim_moratorium_ends", output_field=DateField()))
            .filter(ends__lte=last))


def _moratoria(on, last) -> list[Deadline]:
    found = (moratoria_ending(last).filter(ends__gte=on).select_related("asset", "ward")
             .defer(*_deferred("ward")).order_by("ends", "pk"))
    return [Deadline(
        kind="moratorium", band="", date=nomination.ends,
        what=(f"{'Full' if nomination.full_moratorium_ends else 'Interim'} moratorium on the sale of "
              f"{nomination.name} ends ({nomination.reference})"),
        wards=[nomination.ward.name] if nomination.ward_id else [], responsible="Asset officers",
        url=nomination.get_absolute_url()) for nomination in found]


def _section_106(on, last) -> list[Deadline]:
    found = list(DeveloperContribution.objects.filter(
        agreement__agreement_type=AgreementType.SECTION_106, spend_by_date__lte=last)
        .select_related("agreement__ward").defer(*_deferred("agreement__ward")).order_by("spend_by_date", "pk"))
    money = balances_of([c.pk for c in found])
    ward_page, at_risk = address_of("contributions:ward", "slug"), reverse("contributions:at-risk")
    items = []
    for contribution in found:
        unspent = money[contribution.pk].unspent
        if unspent <= 0:
            continue
        ward = contribution.agreement.ward
        items.append(Deadline(
            kind="section_106", band="", date=contribution.spend_by_date,
            what=(f"Spend £{unspent:,.2f} of {contribution.reference} ({contribution.get_purpose_display()}, "
                  f"agreement {contribution.agreement.reference})"),
            wards=[ward.name] if ward else [], responsible="Planning obligations officers",
            url=ward_page(ward.slug) if ward else at_risk))
    return items


def deadlines(*, on: datetime.date | None = None) -> Deadlines:
    """What falls due from `on` to 12 months after it, and what is overdue, earliest first."""
    on = on or timezone.localdate()
    edges = band_edges(on)
    last = edges["12_months"]
    result = Deadlines(on=on, edges=edges)
    for item in [*_occupancies(on, last), *_contracts(on, last), *_moratoria(on, last), *_section_106(on, last)]:
        item.band = band_of(item.date, on, edges)
        result.items.append(item)
    result.items.sort(key=lambda item: (item.date, [k for k, _ in KINDS].index(item.kind), item.what))
    return result
