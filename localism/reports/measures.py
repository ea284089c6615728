"""Measures of success: the four the localism framework names ("Our measures of success"), each by
an honest proxy the product can count, city-wide and for each ward, over a period (its first and
last days, both included). Every figure's definition is here, once; the report, the public page and
the workspaces read them from here.

The period's plans are the Ward Plans for the financial year(s) the period falls in that were
published (published now, or archived after being published); a ward's actions are the actions of
its plans. A cross-ward plan's action counts in each of its wards, and once in the city's figure
(so the city is not the sum of the wards).

1. **Services different and better suited** (`services`): the period's actions done in the period
   (done now, and first recorded as done, by a progress update or an edit, in the action's history,
   during the period), by the kind of their lead organisation (council directorate, NHS body,
   voluntary and community organisation, private business…); and, of the period's actions due on
   or before the period's last day, the share done by the end of that day.
2. **Officers working as "one council"** (`one_council`): of the period's actions, the number and
   share with at least one partner organisation other than the lead organisation (for an action
   without a lead, any partner).
3. **Councillors' influence** (`influence`): ward budget spent in the period (spend lines dated in
   it) and the part of it spent against a priority of the Ward Plan, beside the budget allocated
   for the period's financial year(s); neighbourhood CIL allocated in the period (every allocation
   is to a plan priority) and spent in it (allocations marked spent on a day in it), in pounds.
   The city's figures are the wards' added up.
4. **Residents in control** (`control`): responses to consultations that closed in the period (and
   whose results are therefore public) per 1,000 residents (Census 2021 usual residents, from the
   ward profile), by the respondent's ward; and, where such a consultation asked the Community Life
   Survey's question (a scale question marked with QuestionMeasure.CLS_INFLUENCE), the share of
   those who answered it who agreed ("Strongly agree" or "Agree") that they can influence decisions
   affecting their local area, beside the survey's national figure (NATIONAL_INFLUENCE). Responses
   excluded after review are left out, as in the consultations' results. These counts follow the
   results' disclosure rule (engagement.selectors.results.Disclosure): no count from 1 to 4 is
   shown, nor one that would let such a count be worked out from the city's figure or from those
   who agreed and those who did not; a rate or share is shown only from counts that are shown.
   (The "quiet voices" figures are worked out per consultation, in about a dozen queries each, so
   they stay on each consultation's results page and are not summed here.)

A fixed number of queries (eight; one more when the wards whose rows are asked for come as a
queryset), whatever the number of wards, plans, actions or responses."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.utils import timezone

from assets.models import NeighbourhoodCilAllocation
from engagement.models import Answer, Consultation, QuestionMeasure, Response, ResponseReview
from engagement.models.consultations import AGREE_OPTIONS, RESULTS_PUBLIC
from engagement.selectors.results import Cell, Disclosure
from localism.accounts.models import Organisation
from localism.core.dates import local_moment
from localism.core.numbers import half_up
from wards.models import Action, PlanStatus, SpendLine, Ward, WardBudget, WardPlan
from wards.models.plans import ActionStatus, financial_year, period_starts


@dataclass(frozen=True)
class NationalFigure:
    percent: Decimal
    statement: str
    source: str
    year: str
    area: str

    @property
    def citation(self) -> str:
        return f"{self.source}, {self.year}, {self.area}"


NATIONAL_INFLUENCE = NationalFigure(
    percent=Decimal("27"),
    statement="agreed they could personally influence decisions affecting their local area",
    source="Community Life Survey (Department for Culture, Media and Sport)", year="2021/22", area="England")

NO_LEAD = "none"
LEAD_KINDS = [*Organisation.Kind.choices, (NO_LEAD, "No lead organisation")]

MEASURES = [
    ("services", "Services different and better suited to the area",
     "Actions of the period's published Ward Plans done in the period, by the kind of organisation that leads "
     "them; and, of the actions due by the period's end, the share done by then."),
    ("one_council", "Officers working for \u201cone council\u201d",
     "Of the period's Ward Plan actions, those with at least one partner organisation besides the one that "
     "leads them: how many, and their share."),
    ("influence", "Local councillors having more influence on services",
     "Ward budget spent in the period, and how much of it went on the Ward Plan's priorities, beside the "
     "year's allocation; neighbourhood Community Infrastructure Levy allocated to plan priorities and spent "
     "in the period. In pounds."),
    ("control", "Residents feeling more in control of their services and local area",
     "Responses to consultations that closed in the period, per 1,000 residents (Census 2021); and, where a "
     "consultation asked the Community Life Survey's question, the share who agreed they can influence "
     "decisions affecting their local area, beside the national figure. Numbers from 1 to 4, and any that "
     "would reveal one, are not shown."),
]


@dataclass
class Share:
    """A part of a whole (counts or pounds); None where a count is not shown."""

    part: int | Decimal | None
    whole: int | Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if self.part is None or not self.whole:
            return None
        return half_up(Decimal(self.part) * 100 / Decimal(self.whole), "0.1")


@dataclass
class Rate:
    """A count per 1,000 residents; None where the count is not shown or the residents unknown."""

    count: int | None
    residents: int | None

    @property
    def per_1000(self) -> Decimal | None:
        if self.count is None or not self.residents:
            return None
        return half_up(Decimal(self.count) * 1000 / self.residents, "0.01")


@dataclass
class MeasuresRow:
    """The four measures for one ward, or for the city (ward None)."""

    name: str
    ward: Ward | None = None
    # 1. Services different and better suited
    actions_done: int = 0
    done_by_kind: dict[str, int] = field(default_factory=dict)  # lead organisation kind (LEAD_KINDS) -> done
    due_done: Share = field(default_factory=lambda: Share(0, 0))  # due by the end: done by then / due
    # 2. One council
    partnered: Share = field(default_factory=lambda: Share(0, 0))  # with another organisation / the actions
    # 3. Councillors' influence
    budget_allocation: Decimal = Decimal(0)
    budget_on_priorities: Share = field(default_factory=lambda: Share(Decimal(0), Decimal(0)))  # of spent
    ncil_allocated: Decimal = Decimal(0)
    ncil_spent: Decimal = Decimal(0)
    # 4. Residents in control
    reach: Rate = field(default_factory=lambda: Rate(0, None))
    influence: Share = field(default_factory=lambda: Share(0, 0))  # agreed / answered the CLS question
    cells: dict = field(default_factory=dict, repr=False)  # the Disclosure's cells, until solved

    @property
    def code(self) -> str:
        return self.ward.gss_code if self.ward else ""

    @property
    def budget_spent(self) -> Decimal:
        return self.budget_on_priorities.whole

    @property
    def kinds(self) -> list[tuple[str, str, int]]:
        """(kind, label, actions done) for each kind of lead organisation, in the model's order."""
        return [(kind, label, self.done_by_kind.get(kind, 0)) for kind, label in LEAD_KINDS]


@dataclass
class Measures:
    start: datetime.date
    end: datetime.date
    years: list[str]
    city: MeasuresRow
    wards: list[MeasuresRow]
    national_influence: NationalFigure = NATIONAL_INFLUENCE

    def figures(self) -> dict:
        """The city's key figures, flat: numbers (None where a count is not shown)."""
        return figures_of(self.city, wards=len(self.wards))


def _number(value):
    return None if value is None else float(value) if isinstance(value, Decimal) else value


def figures_of(row: MeasuresRow, *, wards: int) -> dict:
    found = {"wards": wards, "actions_done": row.actions_done}
    found.update({f"actions_done_{kind}": n for kind, _label, n in row.kinds})
    found.update({
        "actions_due": row.due_done.whole, "actions_due_done": row.due_done.part,
        "actions_due_done_percent": row.due_done.percent,
        "actions": row.partnered.whole, "actions_with_partners": row.partnered.part,
        "actions_with_partners_percent": row.partnered.percent,
        "ward_budget_allocation": row.budget_allocation, "ward_budget_spent": row.budget_spent,
        "ward_budget_spent_on_priorities": row.budget_on_priorities.part,
        "ward_budget_spent_on_priorities_percent": row.budget_on_priorities.percent,
        "ncil_allocated": row.ncil_allocated, "ncil_spent": row.ncil_spent,
        "responses": row.reach.count, "residents": row.reach.residents,
        "responses_per_1000": row.reach.per_1000,
        "influence_answered": row.influence.whole, "influence_agreed": row.influence.part,
        "influence_percent": row.influence.percent, "influence_national_percent": NATIONAL_INFLUENCE.percent,
    })
    return {key: _number(value) for key, value in found.items()}


def financial_years(start: datetime.date, end: datetime.date) -> list[str]:
    years, day = [], start
    while day <= end:
        years.append(financial_year(day))
        day = datetime.date(int(years[-1][:4]) + 1, 4, 1)
    return years


def period_plans(years: list[str]):
    return WardPlan.objects.filter(period__in=years).filter(
        Q(status=PlanStatus.PUBLISHED) | Q(status=PlanStatus.ARCHIVED, published_at__isnull=False))


def _actions(plans, since, until, end):
    """The plans' actions with, per group, the counts measures 1 and 2 need."""
    # When each action was first recorded as done, from its history, once for all actions: two
    # plain sets of ids rather than a subquery per action and count.
    first_done = (Action.history.model.objects.filter(status=ActionStatus.DONE).values("id").order_by()
                  .annotate(first=Min("history_date")))
    done_in_period = first_done.filter(first__gte=since, first__lt=until).values("id")
    done_by_end = first_done.filter(first__lt=until).values("id")
    through = Action.partners.through.objects.filter(action_id=OuterRef("pk"))
    done = Q(status=ActionStatus.DONE)
    due = Q(due_date__lte=end)
    return (Action.objects.filter(priority__plan__in=plans)
            .annotate(other_partner=Exists(through.exclude(organisation_id=OuterRef("lead_organisation_id"))),
                      any_partner=Exists(through)),
            # Each row is one action (in one ward): plain counts, not DISTINCT ones, which SQLite
            # sorts apart for each sum and group (seconds at thousands of wards).
            {"done": Count("pk", filter=done & Q(pk__in=done_in_period)),
             "due": Count("pk", filter=due),
             "due_done": Count("pk", filter=due & done & Q(pk__in=done_by_end)),
             "actions": Count("pk"),
             "partnered": Count("pk", filter=Q(other_partner=True)
                                | Q(lead_organisation__isnull=True, any_partner=True))})


def _add_actions(row: MeasuresRow, found: dict) -> None:
    kind = found["lead_organisation__kind"] or NO_LEAD
    row.actions_done += found["done"]
    row.done_by_kind[kind] = row.done_by_kind.get(kind, 0) + found["done"]
    row.due_done = Share(row.due_done.part + found["due_done"], row.due_done.whole + found["due"])
    row.partnered = Share(row.partnered.part + found["partnered"], row.partnered.whole + found["actions"])


def _control_cells(disclosure: Disclosure, row: MeasuresRow, responses: int, answered: int, agreed: int) -> None:
    cells = {"responses": disclosure.cell(responses), "answered": disclosure.cell(answered),
             "agreed": disclosure.cell(agreed), "not_agreed": disclosure.cell(answered - agreed)}
    disclosure.add_sum(cells["answered"], [cells["agreed"], cells["not_agreed"]])
    row.cells = cells


def _tie(disclosure: Disclosure, city: MeasuresRow, rows: list[MeasuresRow]) -> None:
    for key in ("responses", "answered", "agreed", "not_agreed"):
        disclosure.add_sum(city.cells[key], [row.cells[key] for row in rows])


def _finish(row: MeasuresRow, residents: int | None) -> None:
    cells: dict[str, Cell] = row.cells
    row.reach = Rate(cells["responses"].shown, residents)
    row.influence = Share(cells["agreed"].shown, cells["answered"].shown)
    row.cells = {}


def measures(*, start: datetime.date, end: datetime.date, wards=None) -> Measures:
    """The four measures over the period for the city (the wards in force on the period's last
    day) and for each of its wards — or, given `wards`, the rows of those wards only (a ward's
    page, a councillor's wards). Always worked out over every ward, so that a count hidden on
    the city's page is hidden on a ward's too: small counts are hidden across the whole city's
    figures, and a subset's own total would reveal one (see the module's docstring)."""
    found = _measures(start=start, end=end)
    if wards is not None:
        chosen = set(wards.values_list("pk", flat=True)) if hasattr(wards, "values_list") else {w.pk for w in wards}
        found.wards = [row for row in found.wards if row.ward.pk in chosen]
    return found


def _measures(*, start: datetime.date, end: datetime.date) -> Measures:
    since = local_moment(start, datetime.time())
    until = local_moment(end + datetime.timedelta(days=1), datetime.time())
    years = financial_years(start, end)
    current = Ward.objects.current(on=end)
    wards = list(current.without_geometry().annotate(residents=F("profile__usual_residents")).order_by("name"))
    # The wards as a subquery, not a list of thousands of ids in every query.
    ids = current.values("pk")
    rows = {w.pk: MeasuresRow(name=w.name, ward=w) for w in wards}
    city = MeasuresRow(name="All wards")
    plans = period_plans(years)

    actions, counts = _actions(plans, since, until, end)
    # Not narrowed to the wards' ids: SQLite, given them as a list, probes each plan's wards once
    # per id (22 s at 8,000 wards, against 0.1 s). The period's plans are few beyond the current
    # wards', and their rows are left out here; the city's plans are those with a current ward.
    for found in (actions.values("priority__plan__wards", "lead_organisation__kind")
                  .order_by().annotate(**counts)):
        if (row := rows.get(found["priority__plan__wards"])) is not None:
            _add_actions(row, found)
    with_current_ward = Exists(current.filter(plans=OuterRef("pk")))
    for found in (actions.filter(priority__plan__in=plans.filter(with_current_ward))
                  .values("lead_organisation__kind").order_by().annotate(**counts)):
        _add_actions(city, found)

    zero = Decimal(0)
    for found in (WardBudget.objects.filter(ward__in=ids, period__in=years).values("ward").order_by()
                  .annotate(allocation=Sum("allocation"))):
        rows[found["ward"]].budget_allocation = found["allocation"]
    for found in (SpendLine.objects.filter(budget__ward__in=ids, spent_on__range=(start, end))
                  .values("budget__ward").order_by()
                  .annotate(spent=Sum("amount"), on_priorities=Sum("amount", filter=Q(priority__isnull=False),
                                                                   default=zero))):
        rows[found["budget__ward"]].budget_on_priorities = Share(found["on_priorities"], found["spent"])
    for found in (NeighbourhoodCilAllocation.objects.filter(account__ward__in=ids)
                  .filter(Q(allocated_on__range=(start, end)) | Q(spent_on__range=(start, end)))
                  .values("account__ward").order_by()
                  .annotate(allocated=Sum("amount", filter=Q(allocated_on__range=(start, end)), default=zero),
                            spent=Sum("amount", filter=Q(spent_on__range=(start, end)), default=zero))):
        row = rows[found["account__ward"]]
        row.ncil_allocated, row.ncil_spent = found["allocated"], found["spent"]

    closed = Consultation.objects.filter(status__in=RESULTS_PUBLIC, closes_at__gte=since, closes_at__lt=until)
    responses = dict(Response.objects.filter(consultation__in=closed, ward__in=ids)
                     .exclude(review=ResponseReview.EXCLUDED).values("ward").order_by()
                     .annotate(n=Count("pk")).values_list("ward", "n"))
    influence = {found["response__ward"]: found for found in (
        Answer.objects.filter(question__consultation__in=closed, question__measure=QuestionMeasure.CLS_INFLUENCE,
                              option__isnull=False, response__ward__in=ids)
        .exclude(response__review=ResponseReview.EXCLUDED).values("response__ward").order_by()
        .annotate(answered=Count("response", distinct=True),
                  agreed=Count("response", distinct=True, filter=Q(option__label__in=AGREE_OPTIONS))))}

    disclosure = Disclosure()
    for pk, row in rows.items():
        found = influence.get(pk, {"answered": 0, "agreed": 0})
        _control_cells(disclosure, row, responses.get(pk, 0), found["answered"], found["agreed"])
        city.budget_allocation += row.budget_allocation
        city.budget_on_priorities = Share(city.budget_on_priorities.part + row.budget_on_priorities.part,
                                          city.budget_on_priorities.whole + row.budget_on_priorities.whole)
        city.ncil_allocated += row.ncil_allocated
        city.ncil_spent += row.ncil_spent
    _control_cells(disclosure, city, sum(responses.values()), sum(f["answered"] for f in influence.values()),
                   sum(f["agreed"] for f in influence.values()))
    _tie(disclosure, city, list(rows.values()))
    disclosure.solve()
    for ward in wards:
        _finish(rows[ward.pk], ward.residents)
    known = [w.residents for w in wards if w.residents is not None]
    _finish(city, sum(known) if known else None)
    return Measures(start=start, end=end, years=years, city=city, wards=[rows[w.pk] for w in wards])


def year_to_date(*, today: datetime.date | None = None, wards=None) -> Measures:
    """The measures over the financial year so far (1 April to today): the public page's and the
    workspaces' period."""
    today = today or timezone.localdate()
    return measures(start=period_starts(financial_year(today)), end=today, wards=wards)
