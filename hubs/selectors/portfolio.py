"""The portfolio: every hub and every asset of the register with its floor area, the space let to
occupiers and the space vacant, its income over a calendar year, its running cost and how much
its bookable spaces are used, by ward and city-wide.

The figures are worked out for all hubs at once, in a fixed number of queries whatever the
number of hubs and assets, by the same rules as a hub's own dashboard (hubs.selectors.utilisation):
a hub's income here is its `hub_income` total, and its utilisation its `utilisation` rate.

- Floor area: the sum of the hub's spaces' floor areas; for an asset with no hub, its size when
  the register gives it in square metres.
- Occupied: the floor area of the spaces an active occupancy holds on the day; vacant, the rest.
- Running cost: the asset's running costs a year; a building shared by several hubs has its cost
  shared between them equally (to the penny), so the totals are the sum of the rows.
- Totals: a ward's and the city's figures are sums of their rows; utilisation is booked hours
  over bookable hours of all their spaces together (not an average of rates).
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone

from assets.models import Asset, SizeUnit
from localism.core.numbers import PENNY, half_up

from ..models import BookableBy, Booking, Closure, Hub, Occupancy, OpeningHours, Space, SpaceLetting
from .utilisation import _hours, _occupancy_share, check_income_year, check_period, closed_days, held_within, window

ZERO = Decimal(0)


@dataclass
class PortfolioRow:
    """One hub (with the asset it is in, if known), or one asset with no hub."""

    name: str
    kind: str  # "hub" or "asset"
    ward_name: str
    ward_code: str
    hub: Hub | None = None
    asset: Asset | None = None
    floor_area: Decimal = ZERO
    occupied: Decimal | None = None
    income: Decimal | None = None
    running_cost: Decimal | None = None
    bookable_hours: float = 0.0
    booked_hours: float = 0.0
    asset_first: bool = False  # the row that counts its asset in the totals (one per asset)

    @property
    def vacant(self) -> Decimal | None:
        return None if self.occupied is None else self.floor_area - self.occupied

    @property
    def utilisation(self) -> float | None:
        return round(self.booked_hours / self.bookable_hours * 100, 1) if self.bookable_hours else None


@dataclass
class PortfolioTotals:
    """The sum of some rows."""

    name: str
    ward_code: str = ""
    hubs: int = 0
    assets: int = 0
    floor_area: Decimal = ZERO
    occupied: Decimal = ZERO
    income: Decimal = ZERO
    running_cost: Decimal = ZERO
    bookable_hours: float = 0.0
    booked_hours: float = 0.0

    @property
    def vacant(self) -> Decimal:
        return self.floor_area - self.occupied

    @property
    def utilisation(self) -> float | None:
        return round(self.booked_hours / self.bookable_hours * 100, 1) if self.bookable_hours else None

    def add(self, row: PortfolioRow) -> None:
        self.hubs += row.kind == "hub"
        self.assets += row.asset is not None and (row.kind == "asset" or row.asset_first)
        self.floor_area += row.floor_area
        self.occupied += row.occupied or ZERO
        self.income += row.income or ZERO
        self.running_cost += row.running_cost or ZERO
        self.bookable_hours += row.bookable_hours
        self.booked_hours += row.booked_hours


@dataclass
class Portfolio:
    year: int
    start: datetime.date  # the utilisation period
    end: datetime.date
    on: datetime.date  # the day of the occupied and vacant figures
    rows: list[PortfolioRow] = field(default_factory=list)
    wards: list[PortfolioTotals] = field(default_factory=list)
    hubs_total: PortfolioTotals = field(default_factory=lambda: PortfolioTotals("All hubs"))
    city: PortfolioTotals = field(default_factory=lambda: PortfolioTotals("Birmingham"))


def _floor_areas() -> dict[int, Decimal]:
    return dict(Space.objects.values("hub").annotate(area=Sum("floor_area_m2")).values_list("hub", "area"))


def _occupied_areas(on: datetime.date) -> dict[int, Decimal]:
    """Each hub's floor area let on the day: the spaces held by an active occupancy (a space let
    to several occupiers at once counted once)."""
    let = SpaceLetting.objects.filter(
        occupancy__status=Occupancy.Status.ACTIVE, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)).values("space")
    return dict(Space.objects.filter(pk__in=let).values("hub").annotate(area=Sum("floor_area_m2"))
                .values_list("hub", "area"))


def _incomes(year: int, months=None) -> dict[int, Decimal]:
    """Each hub's `hub_income(...).total` for the year (or the sum of its `months`' incomes),
    for all hubs in two queries."""
    months = sorted(set(months or range(1, 13)))
    tz = timezone.get_current_timezone()
    # Summed by hub and local month in the database: one filtered sum a month, between the month's
    # local midnights (plain comparisons: no time-zone conversion per booking).
    bounds = {month: (datetime.datetime(year, month, 1, tzinfo=tz),
                      datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)) for month in months}
    sums = {f"m{month}": Sum("charge", filter=Q(starts_at__gte=since, starts_at__lt=until))
            for month, (since, until) in bounds.items()}
    rooms = {}
    for row in (Booking.objects.filter(status=Booking.Status.CONFIRMED, starts_at__gte=bounds[months[0]][0],
                                       starts_at__lt=bounds[months[-1]][1])
                .values(hub=F("space__hub")).order_by().annotate(**sums)):
        for month in months:
            if row[f"m{month}"] is not None:
                rooms[(row["hub"], month)] = row[f"m{month}"]
    occupancies = defaultdict(list)
    for occupancy in Occupancy.objects.filter(
            status__in=[Occupancy.Status.ACTIVE, Occupancy.Status.ENDED],
            starts_on__lte=datetime.date(year, 12, 31)).exclude(ends_on__lt=datetime.date(year, 1, 1)).only(
            "hub_id", "starts_on", "ends_on", "yearly_charge"):
        occupancies[occupancy.hub_id].append(occupancy)
    totals = defaultdict(Decimal)
    for hub_id, month in rooms:
        if month in months:
            totals[hub_id] += rooms[(hub_id, month)].quantize(PENNY)
    for hub_id, agreements in occupancies.items():
        for month in months:
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
            share = sum((_occupancy_share(o, first, last) for o in agreements), ZERO)
            totals[hub_id] += half_up(share, PENNY)
    return totals


def _use(start: datetime.date, end: datetime.date) -> tuple[dict[int, float], dict[int, float]]:
    """Each hub's bookable and booked hours over the period, as `utilisation` counts them, for
    all hubs in four queries; the booked hours summed by space in the database."""
    spaces = defaultdict(list)
    hub_of = {}
    for space_id, hub_id in Space.objects.exclude(bookable_by=BookableBy.NOBODY).values_list("pk", "hub"):
        spaces[hub_id].append(space_id)
        hub_of[space_id] = hub_id
    daily = defaultdict(float)  # (hub, weekday) -> hours
    for hub_id, weekday, opens, closes in OpeningHours.objects.values_list("hub", "weekday", "opens", "closes"):
        daily[(hub_id, weekday)] += _hours(opens, closes)
    closures = defaultdict(list)
    for closure in Closure.objects.filter(starts_on__lte=end, ends_on__gte=start).only(
            "hub_id", "space_id", "starts_on", "ends_on"):
        closures[closure.hub_id].append(closure)
    bookable = defaultdict(float)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    for hub_id, space_ids in spaces.items():
        shut = closed_days(closures.get(hub_id, ()), start, end)
        for day in days:
            hours = daily.get((hub_id, day.weekday()), 0.0)
            if not hours or day in shut[None]:
                continue
            bookable[hub_id] += hours * sum(1 for s in space_ids if day not in shut[s])
    window_start, window_end = window(start, end)
    booked = defaultdict(float)
    for space_id, held in (Booking.objects.filter(
            space_id__in=list(hub_of), status=Booking.Status.CONFIRMED, starts_at__lt=window_end,
            ends_at__gt=window_start).values("space_id").order_by()
            .annotate(held=held_within(window_start, window_end)).values_list("space_id", "held")):
        booked[hub_of[space_id]] += int(held) / 3_600_000
    return bookable, booked


@dataclass
class WardHubs:
    """The hubs in a ward over a period: their bookable spaces' use and their income."""

    hubs: int = 0
    bookable_hours: float = 0.0
    booked_hours: float = 0.0
    income: Decimal = ZERO

    @property
    def utilisation(self) -> float | None:
        return round(self.booked_hours / self.bookable_hours * 100, 1) if self.bookable_hours else None


def hubs_by_ward(ward_ids, *, start: datetime.date, end: datetime.date) -> dict[int, WardHubs]:
    """For each ward, its hubs' figures by the portfolio's rules: utilisation from `start` to
    `end` (booked over bookable hours of all their spaces together), and income over the months
    from `start`'s to `end`'s (of one calendar year). A fixed number of queries, whatever the
    number of wards and hubs."""
    check_period(start, end)
    if start.year != end.year:
        raise ValueError("A period of hubs' income lies within one calendar year")
    found = {pk: WardHubs() for pk in ward_ids}
    hubs = list(Hub.objects.filter(ward_id__in=list(found)).values_list("pk", "ward_id"))
    bookable, booked = _use(start, end)
    incomes = _incomes(end.year, months=range(start.month, end.month + 1))
    for hub_id, ward_id in hubs:
        row = found[ward_id]
        row.hubs += 1
        row.bookable_hours += bookable.get(hub_id, 0.0)
        row.booked_hours += booked.get(hub_id, 0.0)
        row.income += incomes.get(hub_id, ZERO)
    return found


def _shares(cost: Decimal | None, n: int) -> list[Decimal | None]:
    """A building's running cost shared between its n hubs, to the penny, the pennies left over
    on the first: the shares add up to the cost."""
    if cost is None:
        return [None] * n
    share = half_up(cost / n, PENNY)
    return [cost - share * (n - 1), *([share] * (n - 1))]


def portfolio(*, year: int, start: datetime.date, end: datetime.date,
              on: datetime.date | None = None) -> Portfolio:
    """Every hub and every held asset with its figures: income over the calendar `year`,
    utilisation from `start` to `end`, occupied and vacant space `on` a day (today). Rows in no
    particular order (the page sorts them); the wards' totals by ward name. A fixed number of
    queries, whatever the number of hubs and assets."""
    check_income_year(year)
    check_period(start, end)
    on = on or timezone.localdate()
    result = Portfolio(year=year, start=start, end=end, on=on)
    areas, occupied, incomes = _floor_areas(), _occupied_areas(on), _incomes(year)
    bookable, booked = _use(start, end)
    hubs = list(Hub.objects.select_related("ward", "asset").defer(
        "ward__boundary", "ward__boundary_simplified", "description", "accessibility").order_by("name"))
    housing = defaultdict(list)
    for hub in hubs:
        if hub.asset_id:
            housing[hub.asset_id].append(hub)
    costs = {asset_id: dict(zip(housed, _shares(housed[0].asset.running_costs, len(housed)), strict=True))
             for asset_id, housed in housing.items()}
    for hub in hubs:
        row = PortfolioRow(
            name=hub.name, kind="hub", ward_name=hub.ward.name, ward_code=hub.ward.gss_code, hub=hub,
            asset=hub.asset, floor_area=areas.get(hub.pk) or ZERO, occupied=occupied.get(hub.pk) or ZERO,
            income=incomes.get(hub.pk, ZERO), running_cost=costs[hub.asset_id][hub] if hub.asset_id else None,
            bookable_hours=bookable.get(hub.pk, 0.0), booked_hours=booked.get(hub.pk, 0.0),
            asset_first=bool(hub.asset_id) and housing[hub.asset_id][0] is hub)
        result.rows.append(row)
    others = (Asset.objects.held().filter(hubs__isnull=True).select_related("ward")
              .defer("ward__boundary", "ward__boundary_simplified", "services_offered", "reason_held"))
    for asset in others:
        row = PortfolioRow(
            name=asset.name, kind="asset", ward_name=asset.ward.name if asset.ward else "",
            ward_code=asset.ward.gss_code if asset.ward else "", asset=asset,
            floor_area=asset.size if asset.size is not None and asset.size_unit == SizeUnit.SQUARE_METRES else ZERO,
            running_cost=asset.running_costs, asset_first=True)
        result.rows.append(row)
    wards = {}
    for row in result.rows:
        if row.kind == "hub":
            result.hubs_total.add(row)
        result.city.add(row)
        key = row.ward_code
        wards.setdefault(key, PortfolioTotals(row.ward_name or "Outside Birmingham's wards", ward_code=key)).add(row)
    result.wards = sorted(wards.values(), key=lambda w: (not w.ward_code, w.name))
    return result
