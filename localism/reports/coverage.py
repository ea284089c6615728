"""Localism coverage: for each of the city's wards on a day, whether the framework's basics are in
place — and the wards that lack each, named. Every figure's definition is here, once, and the
report, the public page and the workspaces read it from here.

Each measure's definition is in DEFINITIONS (the pages print it beside the figure).

A fixed number of queries, whatever the number of wards."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from engagement.models import Consultation, ConsultationStatus, Idea
from localism.core.dates import local_moment
from localism.core.numbers import half_up
from wards.models import ForumMeeting, Ward
from wards.models.plans import financial_year
from wards.selectors.plans import current_plan_ids_by_ward

MEASURES = [
    ("forum", "Has a Ward Forum"),
    ("met_6_months", "Forum met in the last 6 months"),
    ("met_12_months", "Forum met in the last 12 months"),
    ("published_plan", "Has a published plan for this year"),
    ("consulted", "Had a consultation in the last year"),
    ("ideas_answered", "Answered residents' ideas within a month"),
]

DEFINITIONS = {
    "forum": "The ward belongs to at least one Ward Forum.",
    "met_6_months": "A forum of the ward held a meeting (held, not cancelled nor only planned) that started in "
                    "the 182 days up to the day.",
    "met_12_months": "A forum of the ward held a meeting that started in the 365 days up to the day.",
    "published_plan": "A Ward Plan of the ward for the day's financial year is published.",
    "consulted": "A consultation of the ward, or a city-wide one, opened (not a draft) in the 365 days up to the day.",
    "ideas_answered": "Of the residents' ideas of the ward proposed in the year up to a month before the day (each "
                      "had a month to be answered), every one was answered within 30 days. A ward with no such "
                      "idea has nothing to answer: it neither meets nor lacks the measure.",
}


@dataclass
class WardCoverage:
    ward: Ward
    forum: bool = False
    last_meeting: datetime.datetime | None = None
    met_6_months: bool = False
    met_12_months: bool = False
    published_plan: bool = False
    consulted: bool = False
    ideas_due: int = 0  # ideas that had a month to be answered
    ideas_in_time: int = 0
    ideas_answered: bool | None = None  # None: no idea to answer


@dataclass
class Coverage:
    on: datetime.date
    period: str
    wards: list[WardCoverage] = field(default_factory=list)

    def meeting(self, measure: str) -> list[WardCoverage]:
        return [row for row in self.wards if getattr(row, measure) is True]

    def lacking(self, measure: str) -> list[WardCoverage]:
        return [row for row in self.wards if getattr(row, measure) is False]

    @property
    def labels(self) -> list[str]:
        """The measures' names, in MEASURES' order (a table's headings)."""
        return [label for _code, label in MEASURES]

    def measures(self) -> list[dict]:
        """Each measure as the pages show it: its label and definition, the wards meeting it of
        those it applies to, the per cent, and the wards lacking it."""
        found = []
        for measure, label in MEASURES:
            meeting, lacking = self.meeting(measure), self.lacking(measure)
            of = len(meeting) + len(lacking)
            found.append({"code": measure, "label": label, "definition": DEFINITIONS[measure],
                          "meeting": len(meeting), "of": of, "lacking": lacking,
                          "percent": half_up(Decimal(100 * len(meeting)) / of, "0.1") if of else None})
        return found

    def figures(self) -> dict:
        """The key figures: how many wards meet each measure, of how many it applies to."""
        found = {"wards": len(self.wards)}
        for measure, _label in MEASURES:
            found[measure] = len(self.meeting(measure))
            found[f"{measure}_of"] = len(self.meeting(measure)) + len(self.lacking(measure))
        return found


def _end_of(day: datetime.date) -> datetime.datetime:
    return local_moment(day + datetime.timedelta(days=1), datetime.time())


def coverage(*, on: datetime.date | None = None, wards=None) -> Coverage:
    """The coverage of every current ward on the day; of `wards` only (a councillor's, one ward's
    page) when given — the same figures, by the same queries."""
    on = on or timezone.localdate()
    until = _end_of(on)
    period = financial_year(on)
    result = Coverage(on=on, period=period)
    chosen = Ward.objects.current(on=on).without_geometry().order_by("name")
    if wards is not None:
        chosen = chosen.filter(pk__in=[ward.pk for ward in wards])
    wards = list(chosen)
    ids = [w.pk for w in wards]
    with_forum = set(Ward.objects.filter(pk__in=ids, forums__isnull=False).values_list("pk", flat=True))
    last_met = dict(ForumMeeting.objects.filter(forum__wards__in=ids, status=ForumMeeting.Status.HELD,
                                                starts_at__lt=until)
                    .values("forum__wards").order_by().annotate(last=Max("starts_at"))
                    .values_list("forum__wards", "last"))
    # Not narrowed to `ids`: the rows are few (a plan a ward) and SQLite, given the wards' ids as well,
    # probes the plans' wards once per plan and id (7 s at 8,000 wards, against 5 ms without).
    published = set(current_plan_ids_by_ward(on=on))  # every ward's: an id list slows SQLite at scale
    opened = Consultation.objects.exclude(status=ConsultationStatus.DRAFT).filter(
        opens_at__lt=until, opens_at__gte=until - datetime.timedelta(days=365))
    city_wide = opened.filter(city_wide=True).exists()
    consulted = set(opened.filter(wards__in=ids).values_list("wards", flat=True))
    month = datetime.timedelta(days=30)
    ideas = dict((row["ward"], (row["due"], row["in_time"])) for row in (
        Idea.objects.filter(ward__in=ids, hidden_at__isnull=True, created_at__lt=until - month,
                            created_at__gte=until - month - datetime.timedelta(days=365))
        .values("ward").order_by()
        .annotate(due=Count("pk"), in_time=Count("pk", filter=Q(responded_at__lte=F("created_at") + month)))))
    for ward in wards:
        row = WardCoverage(ward=ward, forum=ward.pk in with_forum, last_meeting=last_met.get(ward.pk),
                           published_plan=ward.pk in published, consulted=city_wide or ward.pk in consulted)
        if row.last_meeting is not None:
            row.met_12_months = row.last_meeting >= until - datetime.timedelta(days=365)
            row.met_6_months = row.last_meeting >= until - datetime.timedelta(days=182)
        row.ideas_due, row.ideas_in_time = ideas.get(ward.pk, (0, 0))
        row.ideas_answered = None if not row.ideas_due else row.ideas_in_time == row.ideas_due
        result.wards.append(row)
    return result
