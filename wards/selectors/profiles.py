"""Reads of the ward profiles: a ward's Census tables beside the city's, its deprivation, the
measures wards are ranked on, and the words every page and the API use for the figures' limits.

Every read here runs a fixed number of queries, whatever the number of wards."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Sum

from localism.core.numbers import half_up

from ..models import Ward
from ..models.profiles import CensusFigure, DeprivationSummary, LsoaFit, ProfileTable, SmallArea, WardProfile

CENSUS_SOURCE = (
    "Office for National Statistics, Census 2021 (tables TS007A age, TS021 ethnic group, TS054 tenure, "
    "TS038 disability), licensed under the Open Government Licence v3.0."
)
IMD_SOURCE = (
    "Ministry of Housing, Communities and Local Government, English Indices of Deprivation 2019, "
    "licensed under the Open Government Licence v3.0."
)
CENSUS_CAVEAT = (
    "Census 2021, approximated from small areas: ONS does not publish these tables for Birmingham's "
    "wards, so each figure adds up the small areas (LSOAs, 2021) whose population-weighted centre lies "
    "in the ward. They describe an area close to the ward, not exactly the ward. The percentages are "
    "the reliable part."
)
POOR_FIT_CAVEAT = (
    "Use these figures with care. The small areas added up here fit {ward} poorly: their total, grown "
    "to 2024, is {ratio} times ONS's mid-2024 estimate for the ward ({estimate} people), so they "
    "describe a noticeably different part of the city from the legal ward."
)
IMD_CAVEAT = (
    "Not an official ward figure: the government ranks small areas (LSOAs, 2011), not wards. This is "
    "an unweighted summary of the {n} small areas best fitted to the ward: it counts areas, not people."
)

TABLE_TITLES = {
    ProfileTable.AGE: "Age",
    ProfileTable.ETHNICITY: "Ethnic group",
    ProfileTable.TENURE: "Tenure: how households occupy their homes",
    ProfileTable.DISABILITY: "Disability",
}
# The ONS table each of ours approximates (the open data names it beside each figure).
ONS_TABLES = {
    ProfileTable.AGE: "TS007A", ProfileTable.ETHNICITY: "TS021", ProfileTable.TENURE: "TS054",
    ProfileTable.DISABILITY: "TS038",
}
# Our plain-English name of each category, for charts, tables and the ranking; the ONS label
# stays in the data (CensusFigure.ons_category) and in the API.
CATEGORY_NAMES = {
    ProfileTable.AGE: {
        "0_15": "15 and under", "16_24": "16 to 24", "25_34": "25 to 34", "35_49": "35 to 49",
        "50_64": "50 to 64", "65_plus": "65 and over",
    },
    ProfileTable.ETHNICITY: {
        "asian": "Asian, Asian British or Asian Welsh",
        "black": "Black, Black British, Black Welsh, Caribbean or African",
        "mixed": "Mixed or multiple ethnic groups", "white": "White", "other": "Other ethnic group",
    },
    ProfileTable.TENURE: {
        "owned_outright": "Owned outright", "owned_mortgage": "Owned with a mortgage or loan",
        "shared_ownership": "Shared ownership", "social_rented_council": "Rented from the council",
        "social_rented_other": "Other social rented (housing association)",
        "private_rented_landlord": "Private landlord or letting agency",
        "private_rented_other": "Other private rented", "rent_free": "Lives rent free",
    },
    ProfileTable.DISABILITY: {
        "disabled": "Disabled under the Equality Act", "not_disabled": "Not disabled",
    },
}
HIGHLIGHTS = (
    (ProfileTable.AGE, "0_15", "Aged 15 and under"),
    (ProfileTable.AGE, "65_plus", "Aged 65 and over"),
    (ProfileTable.TENURE, "social_rented_council", "Households renting from the council"),
    (ProfileTable.TENURE, "private_rented_landlord", "Households renting privately"),
    (ProfileTable.DISABILITY, "disabled", "Disabled under the Equality Act"),
)
MEASURE_PREFIX = {ProfileTable.AGE: "age", ProfileTable.ETHNICITY: "eth", ProfileTable.TENURE: "hh",
                  ProfileTable.DISABILITY: ""}


def _round(value, places: str = "0.1") -> Decimal:
    return half_up(value, places)


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    ons_category: str
    count: int
    percent: Decimal
    city_count: int
    city_percent: Decimal


@dataclass(frozen=True)
class TableView:
    table: str
    title: str
    unit: str
    total: int
    city_total: int
    rows: list[CategoryRow]

    @property
    def largest_percent(self) -> Decimal:
        return max([r.percent for r in self.rows] + [r.city_percent for r in self.rows] + [Decimal(1)])


@dataclass
class WardProfileView:
    ward: Ward
    profile: WardProfile | None
    tables: list[TableView] = field(default_factory=list)
    deprivation: DeprivationSummary | None = None
    city_population: int = 0
    city_households: int = 0
    wards_ranked: int = 0  # the wards the deprivation summary ranks (city_rank 1 to this)

    @property
    def poor_fit(self) -> bool:
        return bool(self.profile and self.profile.fit == LsoaFit.POOR)

    @property
    def poor_fit_caveat(self) -> str:
        if not self.poor_fit:
            return ""
        p = self.profile
        return POOR_FIT_CAVEAT.format(ward=self.ward.name, ratio=_round(p.fit_ratio, "0.01"),
                                      estimate=f"{p.mid_2024_estimate:,}" if p.mid_2024_estimate else "unknown")

    @property
    def deprivation_caveat(self) -> str:
        return IMD_CAVEAT.format(n=self.deprivation.small_areas) if self.deprivation else ""

    @property
    def deprivation_sentence(self) -> str:
        return deprivation_sentence(self.deprivation) if self.deprivation else ""

    def table(self, table: str) -> TableView | None:
        return next((t for t in self.tables if t.table == table), None)

    @property
    def highlights(self) -> list[tuple[str, Decimal, Decimal]]:
        """The few shares a councillor setting priorities looks at first, (what, ward %, city %):
        children, older people, the largest ethnic group, council and private renting, disability."""
        rows = []
        for table, code, label in HIGHLIGHTS:
            view = self.table(table)
            row = next((r for r in view.rows if r.code == code), None) if view else None
            if row:
                rows.append((label, row.percent, row.city_percent))
        ethnicity = self.table(ProfileTable.ETHNICITY)
        if ethnicity:
            largest = max(ethnicity.rows, key=lambda r: r.percent)
            rows.insert(2, (f"Largest ethnic group: {largest.name}", largest.percent, largest.city_percent))
        return rows


def deprivation_sentence(summary: DeprivationSummary) -> str:
    """The summary in plain English: how many of the ward's neighbourhoods (small areas) are
    among England's most deprived 10%, and 20% when that says more."""
    n, worst, poorer = summary.small_areas, summary.in_most_deprived_10pct, summary.in_most_deprived_20pct
    areas = "neighbourhood" if n == 1 else "neighbourhoods"
    if worst == n:
        return (f"All {n} of its {areas} are among the most deprived 10% in England." if n > 1
                else "Its one neighbourhood is among the most deprived 10% in England.")
    if worst:
        verb = "is" if worst == 1 else "are"
        text = f"{worst} of its {n} {areas} {verb} among the most deprived 10% in England"
        return text + (f", and {poorer} among the most deprived 20%." if poorer > worst else ".")
    if poorer:
        verb = "is" if poorer == 1 else "are"
        return (f"None of its {n} {areas} is among the most deprived 10% in England; "
                f"{poorer} {verb} among the most deprived 20%.")
    return f"None of its {n} {areas} is among the most deprived 20% in England."


def city_figures() -> dict[tuple[str, str], int]:
    """The city's count for each (table, category): one query."""
    rows = CensusFigure.objects.filter(ward__in=Ward.objects.current()).values("table", "code").annotate(n=Sum("count"))
    return {(r["table"], r["code"]): r["n"] for r in rows}


def _tables(figures: list[CensusFigure], city: dict[tuple[str, str], int]) -> list[TableView]:
    city_totals: dict[str, int] = {}
    for (table, _), n in city.items():
        city_totals[table] = city_totals.get(table, 0) + n
    tables = []
    for table in ProfileTable:
        rows = [f for f in figures if f.table == table]
        if not rows:
            continue
        city_total = city_totals.get(table, 0) or 1
        tables.append(TableView(
            table=table, title=TABLE_TITLES[table], unit=rows[0].unit, total=rows[0].ward_total,
            city_total=city_totals.get(table, 0),
            rows=[CategoryRow(
                code=f.code, name=CATEGORY_NAMES[table].get(f.code, f.ons_category), ons_category=f.ons_category,
                count=f.count, percent=_round(f.percent), city_count=city.get((table, f.code), 0),
                city_percent=_round(Decimal(city.get((table, f.code), 0) * 100) / city_total),
            ) for f in rows],
        ))
    return tables


def ward_profile(ward: Ward) -> WardProfileView:
    """A ward's profile beside the city's: five queries."""
    profile = WardProfile.objects.filter(ward=ward).first()
    figures = list(CensusFigure.objects.filter(ward=ward).order_by("table", "position"))
    city = city_figures() if figures else {}
    view = WardProfileView(
        ward=ward, profile=profile, tables=_tables(figures, city),
        deprivation=DeprivationSummary.objects.filter(ward=ward).first(),
    )
    view.city_population = sum(n for (t, _), n in city.items() if t == ProfileTable.ETHNICITY)
    view.city_households = sum(n for (t, _), n in city.items() if t == ProfileTable.TENURE)
    if view.deprivation:
        view.wards_ranked = DeprivationSummary.objects.filter(ward__in=Ward.objects.current()).count()
    return view


def ward_profile_summaries(wards) -> dict[int, WardProfileView]:
    """The profiles of several wards (a cross-ward plan's), by ward id: four queries for all."""
    ids = [w.pk for w in wards]
    profiles = {p.ward_id: p for p in WardProfile.objects.filter(ward__in=ids)}
    deprivation = {d.ward_id: d for d in DeprivationSummary.objects.filter(ward__in=ids)}
    figures: dict[int, list] = {}
    for f in CensusFigure.objects.filter(ward__in=ids).order_by("table", "position"):
        figures.setdefault(f.ward_id, []).append(f)
    city = city_figures() if figures else {}
    return {
        w.pk: WardProfileView(ward=w, profile=profiles.get(w.pk), tables=_tables(figures.get(w.pk, []), city),
                              deprivation=deprivation.get(w.pk))
        for w in wards
    }


# The measures wards are ranked on, compared and ordered by in the API.
@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    group: str
    kind: str  # "count", "percent" or "rank"
    source: str  # "profile", "census" or "deprivation"
    field: str  # the model field (profile, deprivation) or the category code (census)
    table: str = ""
    higher_is_more_deprived: bool | None = None

    @property
    def unit(self) -> str:
        return {"count": "", "percent": "%", "rank": ""}[self.kind]


def _measures() -> list[Measure]:
    measures = [
        Measure("usual_residents", "Usual residents", "Population", "count", "profile", "usual_residents"),
        Measure("households", "Households", "Population", "count", "profile", "households"),
    ]
    for table in ProfileTable:
        unit = "households" if table == ProfileTable.TENURE else "residents"
        for code, name in CATEGORY_NAMES[table].items():
            if code == "not_disabled":
                continue
            key = f"{MEASURE_PREFIX[table]}_{code}" if MEASURE_PREFIX[table] else code
            label = f"{'Aged ' if table == ProfileTable.AGE else ''}{name} (% of {unit})"
            measures.append(Measure(key, label, TABLE_TITLES[table], "percent", "census", code, table))
    measures += [
        Measure("imd_most_deprived_10pct", "Neighbourhoods in England's most deprived 10% (%)", "Deprivation",
                "percent", "deprivation", "most_deprived_10pct", higher_is_more_deprived=True),
        Measure("imd_most_deprived_20pct", "Neighbourhoods in England's most deprived 20% (%)", "Deprivation",
                "percent", "deprivation", "most_deprived_20pct", higher_is_more_deprived=True),
        Measure("imd_mean_rank", "Mean rank of its neighbourhoods in England (1 is the most deprived)",
                "Deprivation", "rank", "deprivation", "mean_rank", higher_is_more_deprived=False),
    ]
    return measures


MEASURES: dict[str, Measure] = {m.key: m for m in _measures()}
DEFAULT_MEASURE = "imd_most_deprived_10pct"


def measure_expression(measure: Measure):
    """An expression giving the measure's value for each ward of a Ward queryset (one query in all)."""
    if measure.source == "profile":
        return F(f"profile__{measure.field}")
    if measure.source == "deprivation":
        return F(f"deprivation__{measure.field}")
    return Subquery(CensusFigure.objects.filter(ward=OuterRef("pk"), table=measure.table, code=measure.field)
                    .values("percent")[:1])


def wards_with_measure(wards, measure: Measure):
    """The wards annotated with `measure_value`: what the ranking page and the API order by."""
    return wards.annotate(measure_value=measure_expression(measure))


@dataclass(frozen=True)
class RankedWard:
    ward: Ward
    value: Decimal | int | None
    place: int | None  # 1 for the highest value (the lowest for a rank), shared by equals


def ward_ranking(measure: Measure, *, descending: bool = True) -> list[RankedWard]:
    """All current wards with the measure's value, ordered; wards without it come last. Their place
    counts from the highest value (the lowest for ranks, where 1 is the most deprived)."""
    wards = list(wards_with_measure(Ward.objects.current().without_geometry(), measure)
                 .select_related("deprivation", "profile"))
    for w in wards:  # SQLite gives a subquery's decimal as a float-like number
        if w.measure_value is not None and measure.kind == "percent":
            w.measure_value = _round(w.measure_value, "0.01")
    valued = [w for w in wards if w.measure_value is not None]
    best_first = sorted(valued, key=lambda w: (w.measure_value, w.name), reverse=measure.kind != "rank")
    places, previous = {}, None
    for i, w in enumerate(best_first, start=1):
        places[w.pk] = places[previous.pk] if previous and previous.measure_value == w.measure_value else i
        previous = w
    ordered = sorted(valued, key=lambda w: (w.measure_value, w.name), reverse=descending)
    missing = sorted((w for w in wards if w.measure_value is None), key=lambda w: w.name)
    return [RankedWard(w, w.measure_value, places.get(w.pk)) for w in ordered + missing]


def city_value(measure: Measure) -> Decimal | int | None:
    """The measure for the city as a whole: one query. The deprivation measures count the city's
    small areas (LSOAs, 2011), as the wards' do."""
    current = Ward.objects.current()
    if measure.source == "profile":
        return WardProfile.objects.filter(ward__in=current).aggregate(n=Sum(measure.field))["n"]
    if measure.source == "census":
        city = CensusFigure.objects.filter(ward__in=current, table=measure.table)
        totals = city.aggregate(all=Sum("count"), this=Sum("count", filter=Q(code=measure.field)))
        return _round(Decimal(totals["this"] * 100) / totals["all"]) if totals["all"] else None
    areas = SmallArea.objects.filter(census=SmallArea.Census.C2011, ward__in=current)
    city = areas.aggregate(n=Count("pk"), d1=Count("pk", filter=Q(imd_decile=1)),
                           d2=Count("pk", filter=Q(imd_decile__lte=2)), mean=Avg("imd_rank"))
    if not city["n"]:
        return None
    if measure.field == "mean_rank":
        return round(city["mean"])
    share = city["d1"] if measure.field == "most_deprived_10pct" else city["d2"]
    return _round(Decimal(share * 100) / city["n"])
