"""Reads of a hub's occupiers: who occupies it on a day, the floor area and income, agreements
ending soon, and every occupancy with its history."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ..models import Hub, Occupancy, Space
from .history import OCCUPANCY_HISTORY_FIELDS, OCCUPANCY_HISTORY_MANY, histories

EXPIRY_WINDOW_DAYS = 183  # "within 6 months"


@dataclass
class OccupancySummary:
    occupancies: list
    total_area: Decimal
    occupied_area: Decimal
    yearly_income: Decimal
    expiring: list = field(default_factory=list)
    # Spaces let to more occupiers than they take, recorded before the rule that refuses it:
    # [{"space", "occupancies", "counted"}], the first `max_occupiers` by start date counted.
    over_let: list = field(default_factory=list)

    @property
    def vacant_area(self) -> Decimal:
        return self.total_area - self.occupied_area

    @property
    def occupied_share(self) -> float:
        return float(self.occupied_area / self.total_area * 100) if self.total_area else 0.0

    @property
    def vacant_share(self) -> float:
        return 100.0 - self.occupied_share if self.total_area else 0.0


def _over_let(active: list[Occupancy]) -> list[dict]:
    """The spaces more occupancies hold on the day than the space takes. Those that began first
    are counted; the others are let twice, and their charges are left out of the income."""
    holders = {}
    for occupancy in sorted(active, key=lambda o: (o.starts_on, o.pk)):
        for space in occupancy.spaces.all():
            holders.setdefault(space.pk, (space, []))[1].append(occupancy)
    return [{"space": space, "occupancies": held, "counted": held[:space.max_occupiers]}
            for space, held in sorted(holders.values(), key=lambda item: item[0].name)
            if len(held) > space.max_occupiers]


def hub_occupancy(hub: Hub, *, on: datetime.date | None = None) -> OccupancySummary:
    """Who occupies the hub on a day, the floor area they occupy (each space once, shared or let
    twice), the yearly income (each space's charge once: of a space let to more occupiers than
    it takes, only those who came first), and the agreements that end or reach a break date
    within six months."""
    on = on or timezone.localdate()
    spaces = list(Space.objects.filter(hub=hub))
    active = list(Occupancy.objects.active(on).filter(hub=hub).select_related("organisation")
                  .prefetch_related("spaces").order_by("organisation__name"))
    occupied_ids = {s.pk for o in active for s in o.spaces.all()}
    over_let = _over_let(active)
    uncounted = {o.pk for item in over_let for o in item["occupancies"] if o not in item["counted"]}
    horizon = on + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    expiring = []
    for o in active:
        for kind, when in (("ends", o.ends_on), ("break", o.break_date)):
            if when and on <= when <= horizon:
                expiring.append({"occupancy": o, "kind": kind, "date": when})
    return OccupancySummary(
        occupancies=active,
        total_area=sum((s.floor_area_m2 for s in spaces), Decimal(0)),
        occupied_area=sum((s.floor_area_m2 for s in spaces if s.pk in occupied_ids), Decimal(0)),
        yearly_income=sum((o.yearly_charge for o in active if o.pk not in uncounted), Decimal(0)),
        expiring=sorted(expiring, key=lambda e: e["date"]),
        over_let=over_let,
    )


def hub_occupancies(hub: Hub):
    """Every occupancy of a hub, past, present and proposed, by occupier, newest first: a
    queryset to page; `with_changes` then gives a page's occupancies their histories."""
    return (Occupancy.objects.filter(hub=hub).select_related("organisation").prefetch_related("spaces")
            .order_by("organisation__name", "-starts_on", "pk"))


def with_changes(occupancies) -> list[Occupancy]:
    """The occupancies (a page of hub_occupancies), each with its `changes`, newest first. Three
    queries, whatever the number of occupancies."""
    occupancies = list(occupancies)
    records = Occupancy.history.filter(id__in=[o.pk for o in occupancies]).select_related("history_user")
    changes = histories(Occupancy, records, OCCUPANCY_HISTORY_FIELDS, many_fields=OCCUPANCY_HISTORY_MANY)
    for occupancy in occupancies:
        occupancy.changes = changes.get(occupancy.pk, [])
    return occupancies
