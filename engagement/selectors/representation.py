"""Quiet voices: who answered a consultation in a ward beside who lives there (Census 2021), which
groups are under-represented, the results reweighted to the ward's age profile, and the hubs and
libraries in the ward where a listening session could reach those not heard.

- Shares of respondents leave out "Prefer not to say" and blanks: the denominator is those who
  gave a category. Tenure is compared with the share of households (the Census counts homes, not
  people), the others with usual residents.
- Age compares people aged 16 and over only: the Census band 0 to 15 is mostly children whom a
  consultation does not reach as respondents, so it would always show as missing. Respondents who
  said "15 or under" are left out of the age comparison and of the weighting, like blanks.
- Representation index = share of respondents / share of residents (1: in proportion; below
  ENGAGEMENT_UNDER_REPRESENTED_INDEX, 0.5 by default, and with at least
  ENGAGEMENT_REPRESENTATION_MIN_ANSWERS who gave a category, 20 by default, the group is named).
- Post-stratification by age: each respondent with an age band 16+ gets the weight census share
  of the band / respondents' share of the band; the weighted share of an option is the weights of
  those who chose it over the weights of those who answered the question; the effective sample
  size is Kish's (sum w)^2 / sum w^2. Bands nobody answered from cannot be weighted up: the page
  names them.

Every count goes through the results' suppression (they are cells of the same Disclosure); a
share, an index or a weighted figure is shown only when the counts it comes from are shown."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count

from hubs.models import Hub
from localism.core.numbers import half_up
from wards.models.profiles import CensusFigure, ProfileTable

from ..models import QuestionKind
from ..models.consultations import AGE_BANDS, ETHNIC_GROUPS, TENURES
from .results import SMALL_COUNT_MIN, Cell, Disclosure, counted_answers, counted_responses

UNDER_16 = "0_15"
WEIGHTED_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)


@dataclass(frozen=True)
class Dimension:
    key: str  # the AboutYou field
    table: str  # the Census table
    title: str
    choices: tuple
    plural: str  # how a sentence names a group: "People aged {label}"


DIMENSIONS = (
    Dimension("age_band", ProfileTable.AGE, "Age (16 and over)",
              tuple((c, label) for c, label in AGE_BANDS if c not in (UNDER_16, "prefer_not")), "People aged {}"),
    Dimension("ethnic_group", ProfileTable.ETHNICITY, "Ethnic group",
              tuple((c, label) for c, label in ETHNIC_GROUPS if c != "prefer_not"), "{}"),
    Dimension("tenure", ProfileTable.TENURE, "Tenure (against households)",
              tuple((c, label) for c, label in TENURES if c != "prefer_not"), "Households who {}"),
    Dimension("disability", ProfileTable.DISABILITY, "Disability",
              (("disabled", "Disabled under the Equality Act"), ("not_disabled", "Not disabled")), "{}"),
)
# How a sentence names an ethnic group (its label, as the Census words it, does not read as a noun).
ETHNIC_GROUP_PEOPLE = {
    "asian": "Asian, Asian British or Asian Welsh people",
    "black": "Black, Black British, Black Welsh, Caribbean or African people",
    "mixed": "People of mixed or multiple ethnic groups",
    "white": "White people",
    "other": "People of another ethnic group",
}
SENTENCE = "{group} are {census}% of {ward}'s {unit} and {share}% of those who answered."
SENTENCE_HIDDEN = ("{group} are {census}% of {ward}'s {unit}; the number of those who answered in this group "
                   "is not shown, to protect small numbers.")


def under_represented_index() -> Decimal:
    return Decimal(str(getattr(settings, "ENGAGEMENT_UNDER_REPRESENTED_INDEX", 0.5)))


def min_answers() -> int:
    return int(getattr(settings, "ENGAGEMENT_REPRESENTATION_MIN_ANSWERS", 20))


def _round(value, places="0.1"):
    return None if value is None else half_up(value, places)


@dataclass
class CategoryRow:
    code: str
    label: str
    count: Cell
    residents: int  # the Census count (people, or households for tenure)
    census_share: Decimal | None  # 0..1 of the compared categories
    answered: Cell = field(repr=False, default=None)

    @property
    def share(self) -> Decimal | None:
        if self.count.hidden or self.answered.hidden or not self.answered.value:
            return None
        return Decimal(self.count.value) / self.answered.value

    @property
    def percent(self):
        return _round(self.share * 100) if self.share is not None else None

    @property
    def census_percent(self):
        return _round(self.census_share * 100) if self.census_share is not None else None

    @property
    def index(self) -> Decimal | None:
        """Share of respondents / share of residents, to two places."""
        if self.share is None or not self.census_share:
            return None
        return _round(self.share / self.census_share, "0.01")


@dataclass
class DimensionView:
    key: str
    title: str
    unit: str
    answered: Cell  # respondents who gave one of the compared categories: the denominator
    not_compared: Cell  # "Prefer not to say", blanks (and for age, 15 or under)
    rows: list[CategoryRow]


@dataclass
class WeightedOption:
    label: str
    raw_percent: Decimal | None
    weighted_percent: Decimal | None


@dataclass
class WeightedQuestion:
    id: int
    text: str
    effective_size: Decimal | None  # Kish, one decimal place
    weighted_base: int  # respondents to it with an age band: not shown, gates what is
    options: list[WeightedOption]


@dataclass
class WardRepresentation:
    group: object  # results.GroupResults of the ward
    dimensions: list[DimensionView] = field(default_factory=list)
    weighted: list[WeightedQuestion] = field(default_factory=list)
    unweighted_bands: list[str] = field(default_factory=list)  # age bands with residents but no respondents
    places: list[Hub] = field(default_factory=list)

    @property
    def ward(self):
        return self.group.ward

    def dimension(self, key: str) -> DimensionView | None:
        return next((d for d in self.dimensions if d.key == key), None)

    @property
    def under_represented(self) -> list[str]:
        """Plain sentences naming the groups under-represented among those who answered."""
        threshold, enough, out = under_represented_index(), min_answers(), []
        for dim in self.dimensions:
            if dim.answered.hidden or dim.answered.value < enough:
                continue
            plural = next(d.plural for d in DIMENSIONS if d.key == dim.key)
            for row in dim.rows:
                if not row.census_share:
                    continue
                if row.count.hidden:
                    # Judged only on what is public: even the largest hidden number, 4, is too few.
                    bound = Decimal(SMALL_COUNT_MIN - 1) / dim.answered.value / row.census_share
                    if bound < threshold:
                        out.append(SENTENCE_HIDDEN.format(group=_group_name(dim.key, plural, row),
                                                          census=_whole(row.census_share), ward=self.ward.name,
                                                          unit=dim.unit))
                elif row.index is not None and row.index < threshold:
                    out.append(SENTENCE.format(group=_group_name(dim.key, plural, row),
                                               census=_whole(row.census_share), ward=self.ward.name, unit=dim.unit,
                                               share=_whole(row.share)))
        return out


def _group_name(key: str, plural: str, row) -> str:
    if key == "ethnic_group":
        return ETHNIC_GROUP_PEOPLE.get(row.code, plural.format(row.label))
    return plural.format(_lower(row.label))


def _whole(share: Decimal) -> Decimal:
    return _round(share * 100, "1")


def _lower(label: str) -> str:
    return label if label[:1].isdigit() or label.split(" ")[0].isupper() else label[0].lower() + label[1:]


def _census(ward_ids) -> dict:
    """{(ward id, table): {code: count}} for the compared categories."""
    out = defaultdict(dict)
    for row in CensusFigure.objects.filter(ward_id__in=ward_ids, table__in=[d.table for d in DIMENSIONS]).values(
            "ward_id", "table", "code", "count"):
        if row["code"] != UNDER_16:
            out[(row["ward_id"], row["table"])][row["code"]] = row["count"]
    return out


def _about_you_counts(consultation) -> dict:
    """{(dimension key, ward id): {code or "": respondents}}: four queries."""
    out = defaultdict(dict)
    responses = counted_responses(consultation)
    for dim in DIMENSIONS:
        column = f"about_you__{dim.key}"
        for row in responses.values("ward_id", column).annotate(n=Count("id")).order_by():
            codes = out[(dim.key, row["ward_id"])]
            code = row[column] or ""
            codes[code] = codes.get(code, 0) + row["n"]
    return out


def _dimension(disclosure: Disclosure, dim: Dimension, group, counts: dict, census: dict) -> DimensionView:
    compared = {code for code, _ in dim.choices}
    residents_total = sum(census.get(code, 0) for code in compared)
    answered = disclosure.cell(sum(n for code, n in counts.items() if code in compared))
    not_compared = disclosure.cell(sum(n for code, n in counts.items() if code not in compared))
    rows = [CategoryRow(code=code, label=label, count=disclosure.cell(counts.get(code, 0)),
                        residents=census.get(code, 0),
                        census_share=(Decimal(census.get(code, 0)) / residents_total) if residents_total else None,
                        answered=answered)
            for code, label in dim.choices]
    disclosure.add_sum(answered, [r.count for r in rows])
    disclosure.add_sum(group.responses, [answered, not_compared])
    unit = "households" if dim.table == ProfileTable.TENURE else "residents"
    return DimensionView(key=dim.key, title=dim.title, unit=unit, answered=answered, not_compared=not_compared,
                         rows=rows)


def age_weights(age_counts: dict, census_age: dict) -> dict[str, Decimal]:
    """{age band: weight} for the bands 16+ with respondents: census share / respondents' share."""
    bands = [code for code, _ in DIMENSIONS[0].choices]
    residents = sum(census_age.get(b, 0) for b in bands)
    answered = sum(age_counts.get(b, 0) for b in bands)
    if not residents or not answered:
        return {}
    return {b: (Decimal(census_age.get(b, 0)) / residents) / (Decimal(age_counts[b]) / answered)
            for b in bands if age_counts.get(b)}


def _weighted_figures(consultation) -> tuple[dict, dict]:
    """Per (option, ward, age band) the choices, per (question, ward, age band) the respondents, of
    choice questions: two queries."""
    answers = counted_answers(consultation).filter(question__kind__in=WEIGHTED_KINDS,
                                                   response__about_you__age_band__in=list(
                                                       code for code, _ in DIMENSIONS[0].choices))
    chosen = {(r["option_id"], r["response__ward_id"], r["response__about_you__age_band"]): r["n"]
              for r in answers.filter(option__isnull=False)
              .values("option_id", "response__ward_id", "response__about_you__age_band")
              .annotate(n=Count("id")).order_by()}
    answered = {(r["question_id"], r["response__ward_id"], r["response__about_you__age_band"]): r["n"]
                for r in answers.filter(option__isnull=False)
                .values("question_id", "response__ward_id", "response__about_you__age_band")
                .annotate(n=Count("response_id", distinct=True)).order_by()}
    return chosen, answered


def _weighted(disclosure, group, questions, options_of, weights, chosen, answered) -> list[WeightedQuestion]:
    out = []
    ward_id = group.ward.pk
    for q in questions:
        if q.kind not in WEIGHTED_KINDS:
            continue
        base_n = {b: answered.get((q.id, ward_id, b), 0) for b in weights}
        total_w = sum(weights[b] * n for b, n in base_n.items())
        total_w2 = sum(weights[b] ** 2 * n for b, n in base_n.items())
        effective = (total_w ** 2 / total_w2) if total_w2 else None
        base = disclosure.cell(sum(base_n.values()))
        base.published = False
        raw = group.question(q.id)
        options, parts = [], []
        for o, raw_option in zip(options_of[q.id], raw.options, strict=True):
            n_by_band = {b: chosen.get((o.id, ward_id, b), 0) for b in weights}
            part = disclosure.cell(sum(n_by_band.values()))
            part.published = False
            parts.append(part)
            weighted = (sum(weights[b] * n for b, n in n_by_band.items()) / total_w) if total_w else None
            options.append((o, raw_option, part, weighted))
        if q.kind != QuestionKind.MULTIPLE:
            disclosure.add_sum(base, parts)
        out.append(WeightedQuestion(id=q.id, text=q.text, effective_size=effective, weighted_base=base,
                                    options=options))
    return out


def _finish_weighted(question: WeightedQuestion) -> WeightedQuestion:
    """After suppression: a weighted share only where its counts are shown and the effective
    sample is at least the smallest count published."""
    base = question.weighted_base
    big_enough = question.effective_size is not None and question.effective_size >= SMALL_COUNT_MIN
    options = []
    for o, raw_option, part, weighted in question.options:
        shown = big_enough and not base.hidden and not part.hidden and weighted is not None
        options.append(WeightedOption(label=o.label, raw_percent=raw_option.percent,
                                      weighted_percent=_round(weighted * 100) if shown else None))
    question.options = options
    question.effective_size = _round(question.effective_size, "0.1") if big_enough else None
    question.weighted_base = base.value
    return question


def add_representation(results, disclosure: Disclosure, questions, options_of) -> list[WardRepresentation]:
    """The quiet-voices figures of each ward group of `results`, as cells of `disclosure` (solved
    by the caller). Seven queries whatever the size."""
    groups = [g for g in results.wards if g.ward is not None]
    ward_ids = [g.ward.pk for g in groups]
    census = _census(ward_ids)
    about = _about_you_counts(results.consultation)
    chosen, answered = _weighted_figures(results.consultation)
    hubs = defaultdict(list)
    for hub in Hub.objects.filter(ward_id__in=ward_ids).only("id", "name", "slug", "ward_id", "is_library") \
            .order_by("-is_library", "name"):
        hubs[hub.ward_id].append(hub)
    out = []
    for group in groups:
        ward_id = group.ward.pk
        rep = WardRepresentation(group=group, places=hubs[ward_id])
        rep.dimensions = [_dimension(disclosure, dim, group, about.get((dim.key, ward_id), {}),
                                     census.get((ward_id, dim.table), {})) for dim in DIMENSIONS]
        census_age = census.get((ward_id, ProfileTable.AGE), {})
        age_counts = about.get(("age_band", ward_id), {})
        weights = age_weights(age_counts, census_age)
        rep.unweighted_bands = [label for code, label in DIMENSIONS[0].choices
                                if census_age.get(code) and not age_counts.get(code)]
        rep.weighted = _weighted(disclosure, group, questions, options_of, weights, chosen, answered)
        out.append(rep)
    results.finishers.append(lambda: [_finish_weighted(q) for rep in out for q in rep.weighted])
    return out
