"""The city ranking of the wards on one measure of their profiles: the table, the map coloured by
the measure in five classes and the words that go with them. Three queries, whatever the number
of wards: the ranking, the city's own figure and the wards' drawn boundaries."""

from dataclasses import dataclass
from decimal import Decimal

from localism.core.numbers import half_up

from ..geometry import CitySvg, city_svg
from ..models import Ward
from ..models.profiles import LsoaFit
from .profiles import (
    CENSUS_CAVEAT,
    CENSUS_SOURCE,
    IMD_SOURCE,
    Measure,
    city_value,
    ward_ranking,
)

IMD_RANKING_CAVEAT = (
    "Not official ward figures: the government ranks small areas (LSOAs, 2011), not wards. Each ward's "
    "figure is an unweighted summary of the small areas best fitted to it: it counts areas, not people."
)
MEAN_RANK_NOTE = (
    "England's 32,844 small areas are ranked from 1, the most deprived, to 32,844, the least; a ward's "
    "figure is the mean rank of its small areas, so a lower figure means more deprived."
)
POOR_FIT_NOTE = (
    "Poor fit: the small areas added up for this ward describe a noticeably different part of the city "
    "from the legal ward (their total, grown to 2024, is more than 20% away from ONS's mid-2024 "
    "estimate). Use its figures with care."
)
CLASSES_NOTE = (
    "Quantiles: the wards are split into five classes of about 14 wards each, from the lowest figures to "
    "the highest; wards with the same figure stay in one class, so a class may hold more."
)

# Sequential blues (ColorBrewer "Blues", 5 classes): light for the lowest class, dark for the
# highest; reversed for ranks, where 1 is the most deprived, so that dark always means "more".
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA_FILL = "#f3f2f1"
NO_DATA_HATCH = "#6f777b"

SORTS = ("value", "name")
ORDERS = ("asc", "desc")


def display_value(measure: Measure, value) -> Decimal | int | None:
    """The value as the page shows it: percentages to one decimal place, counts and ranks whole.
    The map's classes are made from these, so a ward never sits in a class its shown figure
    falls outside."""
    if value is None:
        return None
    if measure.kind == "percent":
        return half_up(value, "0.1")
    return int(half_up(value))


def value_text(measure: Measure, value) -> str:
    """Counts with thousands separators, percentages to 1 decimal place with %, ranks whole."""
    value = display_value(measure, value)
    if value is None:
        return "No data"
    if measure.kind == "percent":
        return f"{value:.1f}%"
    return f"{value:,}"


@dataclass(frozen=True)
class ValueClass:
    """One colour of the map: the lowest and highest figures it holds and how many wards."""

    low: Decimal | int
    high: Decimal | int
    colour: str
    wards: int
    label: str

    def holds(self, value) -> bool:
        return self.low <= value <= self.high


def quantile_classes(measure: Measure, values: list, *, classes: int = 5) -> list[ValueClass]:
    """Split the values into `classes` runs of about equal size, lowest first, never splitting equal
    values between two classes (so there may be fewer classes when many wards share a figure)."""
    ordered = sorted(v for v in values if v is not None)
    n = len(ordered)
    if not n:
        return []
    cuts, start = [], 0
    for k in range(1, classes + 1):
        end = n if k == classes else max(round(k * n / classes), start)
        while 0 < end < n and ordered[end] == ordered[end - 1]:
            end += 1
        if end > start:
            cuts.append((start, end))
            start = end
    palette = _palette(measure, len(cuts))
    result = []
    for (first, last), colour in zip(cuts, palette, strict=True):
        low, high = ordered[first], ordered[last - 1]
        label = value_text(measure, low)
        if high != low:
            label += f" to {value_text(measure, high)}"
        result.append(ValueClass(low=low, high=high, colour=colour, wards=last - first, label=label))
    return result


def _palette(measure: Measure, n: int) -> tuple[str, ...]:
    # Fewer classes take colours spread over the whole range, so the darkest stays the darkest.
    picks = [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)] if n > 1 else [PALETTE[-1]]
    return tuple(reversed(picks)) if measure.kind == "rank" else tuple(picks)


@dataclass(frozen=True)
class RankingRow:
    ward: Ward
    value: Decimal | int | None  # as shown
    text: str
    place: int | None
    colour: str | None  # None when the ward has no figure: the map hatches it
    poor_fit: bool
    path: str | None  # the ward's shape on the map


@dataclass(frozen=True)
class RankingPage:
    measure: Measure
    sort: str
    order: str
    rows: list[RankingRow]  # in the table's order
    classes: list[ValueClass]
    city_text: str
    shape: CitySvg | None
    is_census: bool
    caveat: str
    source: str
    note: str  # what a rank measure's figures mean, or ""

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.value is None)

    @property
    def poor_fit_count(self) -> int:
        return sum(1 for r in self.rows if r.poor_fit)

    @property
    def map_rows(self) -> list[RankingRow]:
        return [r for r in self.rows if r.path]

    # What each sortable header's link asks for: the other way round when the table is already
    # sorted on it, its usual order otherwise.
    @property
    def value_link_order(self) -> str:
        if self.sort == "value":
            return "asc" if self.order == "desc" else "desc"
        return default_order(self.measure, "value")

    @property
    def name_link_order(self) -> str:
        return "desc" if self.sort == "name" and self.order == "asc" else "asc"


def default_order(measure: Measure, sort: str) -> str:
    """Place 1 first: the highest figure, or the lowest for a rank (1 is the most deprived);
    A to Z for names."""
    if sort == "name":
        return "asc"
    return "asc" if measure.kind == "rank" else "desc"


def ward_boundaries_drawn() -> dict[int, dict | None]:
    """Each current ward's generalised boundary, for drawing, by ward id: one query, never the
    full boundaries."""
    return dict(Ward.objects.current().defer("boundary").values_list("pk", "boundary_simplified"))


def ranking_page(measure: Measure, *, sort: str = "value", order: str = "") -> RankingPage:
    """The wards ranked on the measure, sorted by value or by name, with the map's classes."""
    order = order or default_order(measure, sort)
    ranked = ward_ranking(measure)
    shown = {r.ward.pk: display_value(measure, r.value) for r in ranked}
    classes = quantile_classes(measure, list(shown.values()))
    boundaries = ward_boundaries_drawn()
    shape = city_svg([boundaries.get(r.ward.pk) for r in ranked])
    paths = dict(zip((r.ward.pk for r in ranked), shape.paths if shape else [], strict=False))
    is_census = measure.source in ("profile", "census")

    def row(r) -> RankingRow:
        value = shown[r.ward.pk]
        profile = getattr(r.ward, "profile", None)  # selected with the ranking; None when missing
        return RankingRow(
            ward=r.ward, value=value, text=value_text(measure, value), place=r.place,
            colour=next((c.colour for c in classes if c.holds(value)), None) if value is not None else None,
            poor_fit=is_census and profile is not None and profile.fit == LsoaFit.POOR,
            path=paths.get(r.ward.pk),
        )

    rows = sorted((row(r) for r in ranked), key=lambda r: r.ward.name, reverse=sort == "name" and order == "desc")
    if sort == "value":  # ties by name, A to Z, whichever way the values go; no figure last
        valued = sorted((r for r in rows if r.value is not None), key=lambda r: r.value, reverse=order == "desc")
        rows = valued + [r for r in rows if r.value is None]
    return RankingPage(
        measure=measure, sort=sort, order=order, rows=rows, classes=classes,
        city_text=value_text(measure, city_value(measure)), shape=shape, is_census=is_census,
        caveat=CENSUS_CAVEAT if is_census else IMD_RANKING_CAVEAT,
        source=CENSUS_SOURCE if is_census else IMD_SOURCE,
        note=MEAN_RANK_NOTE if measure.kind == "rank" else "",
    )
