"""A consultation's results: counts from SQL, and the one place small counts are suppressed.

Every figure is an aggregate the database computes (counts per question, option and ward; rank
sums and first places): responses are never loaded into Python, and the number of queries does
not grow with the responses, the questions or the wards. Responses an officer excluded after
review (review="excluded") are left out of every figure.

Suppression (`Disclosure`): any count from 1 to 4 is "fewer than 5"; then, secondary suppression:
wherever a published total and its parts would let a hidden count be worked out by subtraction
(a question's respondents and its options' counts, the city figure and the wards' figures, the
respondents of a ward and their "About you" categories), another cell of that sum is hidden too,
the smallest that is not zero, until no sum has exactly one hidden member. Shares are computed
only from counts that are shown. The results page, the API and the "quiet voices" figures all go
through the one `consultation_results()`, so they hide the same cells."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from localism.core.errors import NotFound, Refused
from localism.core.numbers import half_up
from wards.models import Ward

from ..models import (
    Answer,
    Consultation,
    Option,
    Question,
    QuestionKind,
    Response,
    ResponseReview,
)

SMALL_COUNT_MIN = 5  # counts from 1 to SMALL_COUNT_MIN - 1 are never published
NOT_SHOWN = f"fewer than {SMALL_COUNT_MIN} or not shown"
SUPPRESSION_NOTE = (
    f"To protect the people who answered, no number from 1 to {SMALL_COUNT_MIN - 1} is shown, nor any other "
    "number that would let one be worked out by subtraction: each reads "
    f"\u201c{NOT_SHOWN}\u201d. Percentages are worked out only from the numbers shown."
)
UNKNOWN_WARD = "Ward not known"
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.RANKING)
# Kinds where every respondent picks exactly one option (a ranking: exactly one first place), so
# the options' counts add up to the question's respondents.
ONE_EACH_KINDS = (QuestionKind.SINGLE, QuestionKind.SCALE)


# ---------------------------------------------------------------------------------------------
# Suppression


@dataclass(eq=False)
class Cell:
    """One published count. `shown` is what the page and the API may show: None when hidden."""

    value: int
    hidden: bool = False
    primary: bool = False  # hidden for being small, not for protecting another cell
    published: bool = True  # False: only gates other figures (the weighted results' bases)

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value

    def text(self) -> str:
        # Every hidden cell reads the same: marking which are small would let a reader pin one
        # (two hidden cells adding up to 6, one known to be at least 5, make the other 1).
        return NOT_SHOWN if self.hidden else f"{self.value:,}"


class Disclosure:
    """The cells of a set of tables and the sums that tie them (total = sum of parts). `solve()`
    hides the small cells, then enough others that no sum has exactly one hidden member: with two
    or more hidden, subtraction gives only their sum."""

    def __init__(self):
        self.cells: list[Cell] = []
        self.sums: list[tuple[Cell, list[Cell]]] = []

    def cell(self, value: int) -> Cell:
        cell = Cell(int(value or 0))
        self.cells.append(cell)
        return cell

    def add_sum(self, total: Cell, parts: list[Cell]) -> None:
        if parts:
            self.sums.append((total, list(parts)))

    def solve(self) -> Disclosure:
        for cell in self.cells:
            if 0 < cell.value < SMALL_COUNT_MIN:
                cell.hidden = cell.primary = True
        changed = True
        while changed:
            changed = False
            for total, parts in self.sums:
                members = [total, *parts]
                if sum(m.hidden for m in members) != 1:
                    continue
                candidates = [m for m in members if not m.hidden and m.value > 0]
                if candidates:  # always, when the sum holds: the hidden member is at least 1
                    min(candidates, key=lambda m: m.value).hidden = True
                    changed = True
        return self


def percent(part: Cell | None, whole: Cell | None) -> Decimal | None:
    """A share to the nearest whole percent, only when both counts are shown."""
    if part is None or whole is None or part.hidden or whole.hidden or not whole.value:
        return None
    return half_up(Decimal(100 * part.value) / whole.value)


# ---------------------------------------------------------------------------------------------
# Who reads them

NO_SUCH_CONSULTATION = "There is no such consultation."
RESULTS_WHEN_CLOSED = "The results are published when the consultation closes."


def may_read_results(user, consultation: Consultation) -> bool:
    """Anyone, once it has closed; while it is open (or a draft), only those who run it."""
    return consultation.results_are_public or user.has_perm("engagement.change_consultation", consultation)


def results_consultation(user, pk) -> Consultation:
    """The consultation whose results `user` asks for; NotFound for one they may not see at all,
    Refused for an open one they do not run."""
    consultation = Consultation.objects.filter(pk=pk).first()
    if consultation is None or not user.has_perm("engagement.view_consultation", consultation):
        raise NotFound(NO_SUCH_CONSULTATION)
    if not may_read_results(user, consultation):
        raise Refused(RESULTS_WHEN_CLOSED)
    return consultation


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class OptionResult:
    id: int
    label: str
    count: Cell  # respondents who chose it (ranking: who ranked it)
    firsts: Cell | None = None  # ranking: first places
    rank_sum: int = 0
    question: QuestionResult | None = field(default=None, repr=False)

    @property
    def percent(self) -> Decimal | None:
        part = self.firsts if self.firsts is not None else self.count
        return percent(part, self.question.respondents)

    @property
    def mean_rank(self) -> Decimal | None:
        """The mean of the ranks it was given, only when the number who ranked it is shown."""
        if self.firsts is None or self.count.hidden or not self.count.value:
            return None
        return half_up(Decimal(self.rank_sum) / self.count.value, "0.01")


@dataclass
class QuestionResult:
    id: int
    position: int
    text: str
    kind: str
    respondents: Cell
    options: list[OptionResult] = field(default_factory=list)

    @property
    def is_ranking(self) -> bool:
        return self.kind == QuestionKind.RANKING

    @property
    def kind_label(self) -> str:
        return QuestionKind(self.kind).label


@dataclass
class GroupResults:
    """The results overall (ward None, key "all") or of the respondents of one ward."""

    key: str
    name: str
    ward: Ward | None
    responses: Cell
    questions: list[QuestionResult] = field(default_factory=list)

    def question(self, question_id: int) -> QuestionResult | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass
class ConsultationResults:
    consultation: Consultation
    overall: GroupResults
    wards: list[GroupResults]
    representation: list = field(default_factory=list)  # representation.WardRepresentation
    disclosure: Disclosure | None = field(default=None, repr=False)
    finishers: list = field(default_factory=list, repr=False)  # run once the Disclosure is solved

    def group(self, key: str | None) -> GroupResults | None:
        if not key or key == "all":
            return self.overall
        return next((g for g in self.wards if g.key == key), None)

    def representation_of(self, key: str):
        return next((r for r in self.representation if r.group.key == key), None)


def responses_counted():
    """The responses the results count: all but those excluded as duplicates."""
    return Response.objects.exclude(review=ResponseReview.EXCLUDED)


def counted_responses(consultation: Consultation):
    return responses_counted().filter(consultation=consultation)


def counted_answers(consultation: Consultation):
    return Answer.objects.filter(question__consultation=consultation).exclude(
        response__review=ResponseReview.EXCLUDED)


def aggregates(consultation: Consultation) -> dict:
    """The raw figures by ward id (None: ward not known), four queries whatever the size:
    responses per ward; per question and ward the respondents; per option and ward the count,
    first places and rank sum."""
    responses = dict(counted_responses(consultation).values_list("ward_id").annotate(n=Count("id")).order_by())
    answers = counted_answers(consultation)
    respondents = {
        (row["question_id"], row["response__ward_id"]): row["n"]
        for row in answers.exclude(option__isnull=True, text="").values("question_id", "response__ward_id")
        .annotate(n=Count("response_id", distinct=True)).order_by()
    }
    options = {
        (row["option_id"], row["response__ward_id"]): row
        for row in answers.filter(option__isnull=False).values("option_id", "response__ward_id")
        .annotate(n=Count("id"), firsts=Count("id", filter=Q(rank=1)),
                  rank_sum=Sum("rank")).order_by()
    }
    return {"responses": responses, "respondents": respondents, "options": options}


def _group(disclosure, key, name, ward, questions, options_of, figures, ward_ids) -> GroupResults:
    """One group's cells; `ward_ids` the wards it adds up (all of them for the overall figures)."""
    group = GroupResults(key=key, name=name, ward=ward,
                         responses=disclosure.cell(sum(figures["responses"].get(w, 0) for w in ward_ids)))
    for q in questions:
        result = QuestionResult(id=q.id, position=q.position, text=q.text, kind=q.kind,
                                respondents=disclosure.cell(
                                    sum(figures["respondents"].get((q.id, w), 0) for w in ward_ids)))
        for o in options_of[q.id]:
            rows = [figures["options"].get((o.id, w)) for w in ward_ids]
            rows = [r for r in rows if r]
            option = OptionResult(id=o.id, label=o.label, count=disclosure.cell(sum(r["n"] for r in rows)),
                                  question=result)
            if q.kind == QuestionKind.RANKING:
                option.firsts = disclosure.cell(sum(r["firsts"] for r in rows))
                option.rank_sum = sum(r["rank_sum"] or 0 for r in rows)
            result.options.append(option)
        if q.kind in ONE_EACH_KINDS:
            disclosure.add_sum(result.respondents, [o.count for o in result.options])
        elif q.kind == QuestionKind.RANKING:
            disclosure.add_sum(result.respondents, [o.firsts for o in result.options])
        group.questions.append(result)
    return group


def _tie_wards_to_overall(disclosure, overall: GroupResults, wards: list[GroupResults]) -> None:
    """The city (or consultation) figure of each cell is the sum of the wards' figures."""
    disclosure.add_sum(overall.responses, [g.responses for g in wards])
    for i, question in enumerate(overall.questions):
        disclosure.add_sum(question.respondents, [g.questions[i].respondents for g in wards])
        for j, option in enumerate(question.options):
            disclosure.add_sum(option.count, [g.questions[i].options[j].count for g in wards])
            if option.firsts is not None:
                disclosure.add_sum(option.firsts, [g.questions[i].options[j].firsts for g in wards])


def consultation_results(consultation: Consultation, *, representation: bool = True) -> ConsultationResults:
    """The results of a consultation, overall and by the respondents' ward, with its "quiet voices"
    figures (engagement.selectors.representation), all suppressed together. Free-text answers and
    "About you" rows are never part of them: only counts are."""
    questions = list(Question.objects.filter(consultation=consultation, kind__in=CHOICE_KINDS)
                     .only("id", "position", "text", "kind").order_by("position"))
    options_of = defaultdict(list)
    for option in Option.objects.filter(question__in=[q.id for q in questions]).only(
            "id", "label", "question_id", "position").order_by("question__position", "position"):
        options_of[option.question_id].append(option)
    figures = aggregates(consultation)
    own_wards = consultation.wards.all() if not consultation.city_wide else Ward.objects.none()
    ward_ids = {w for w in figures["responses"] if w is not None} | set(own_wards.values_list("pk", flat=True))
    wards = list(Ward.objects.without_geometry().filter(pk__in=ward_ids).only("id", "name", "slug", "gss_code")
                 .order_by("name"))
    disclosure = Disclosure()
    every = [w.pk for w in wards] + ([None] if None in figures["responses"] else [])
    overall = _group(disclosure, "all", "All respondents", None, questions, options_of,
                     figures, every)
    groups = [_group(disclosure, w.gss_code, w.name, w, questions, options_of, figures, [w.pk])
              for w in wards]
    if None in figures["responses"]:
        groups.append(_group(disclosure, "unknown", UNKNOWN_WARD, None, questions, options_of, figures,
                             [None]))
    _tie_wards_to_overall(disclosure, overall, groups)
    results = ConsultationResults(consultation=consultation, overall=overall, wards=groups, disclosure=disclosure)
    if representation:
        from .representation import add_representation  # it builds on these cells; solved together

        results.representation = add_representation(results, disclosure, questions, options_of)
    disclosure.solve()
    for finish in results.finishers:
        finish()
    return results


def published_sums(results: ConsultationResults) -> list[tuple[Cell, list[Cell]]]:
    """The sums a reader can check from what is published (for checks and tests)."""
    return [(total, parts) for total, parts in results.disclosure.sums
            if total.published and all(p.published for p in parts)]


# ---------------------------------------------------------------------------------------------
# For those who run the consultation: free-text answers and the responses' export

FREE_TEXT_PAGE_SIZE = 25


def free_text_answers(consultation: Consultation):
    """The free-text answers of a consultation, newest response first, with their question and
    who hid them: for the staff page (paginate it)."""
    return (Answer.objects.filter(question__consultation=consultation, question__kind=QuestionKind.TEXT)
            .exclude(text="").select_related("question", "hidden_by", "response")
            .only("id", "text", "hidden_at", "hidden_reason", "question__text", "question__position",
                  "hidden_by__username", "response__submitted_at", "response__review")
            .order_by("-response__submitted_at", "-response_id", "question__position"))


HIDDEN_IN_EXPORT = "[hidden by a moderator]"
ABOUT_YOU_FIELDS = ("age_band", "ethnic_group", "tenure", "disability")


def _export_columns(questions, options_of) -> list[tuple[str, Question, Option | None]]:
    columns = []
    for q in questions:
        if q.kind == QuestionKind.RANKING:
            columns += [(f"Q{q.position} {q.text} – rank of {o.label}", q, o) for o in options_of[q.id]]
        else:
            columns.append((f"Q{q.position} {q.text}", q, None))
    return columns


def response_export_rows(consultation: Consultation):
    """The rows of the responses' CSV, header first: one per response with its ward, when it was
    sent, its review flag, its answers (option labels, ranks, free text unless hidden) and its
    "About you" codes. No name, e-mail address, postcode or browser key. Read in batches."""
    questions = list(Question.objects.filter(consultation=consultation).order_by("position"))
    options_of = defaultdict(list)
    for option in Option.objects.filter(question__in=questions).order_by("position"):
        options_of[option.question_id].append(option)
    columns = _export_columns(questions, options_of)
    yield ["response", "ward", "ward_code", "submitted_at", "review", *[c[0] for c in columns],
           *ABOUT_YOU_FIELDS]
    responses = (Response.objects.filter(consultation=consultation)
                 .select_related("ward", "about_you").only(
                     "id", "submitted_at", "review", "ward__name", "ward__gss_code",
                     *[f"about_you__{f}" for f in ABOUT_YOU_FIELDS])
                 .prefetch_related(_export_answers()).order_by("pk"))
    for response in responses.iterator(chunk_size=2000):
        by_question = defaultdict(list)
        for answer in response.answers.all():
            by_question[answer.question_id].append(answer)
        cells = []
        for _, q, option in columns:
            given = by_question.get(q.id, [])
            if q.kind == QuestionKind.RANKING:
                cells.append(next((a.rank for a in given if a.option_id == option.id), ""))
            elif q.kind == QuestionKind.TEXT:
                cells.append("; ".join(HIDDEN_IN_EXPORT if a.hidden_at else a.text for a in given))
            else:
                cells.append("; ".join(a.option.label for a in given if a.option_id))
        about = getattr(response, "about_you", None)
        yield [response.pk, response.ward.name if response.ward else "",
               response.ward.gss_code if response.ward else "", response.submitted_at.isoformat(),
               response.review, *cells, *[getattr(about, f) if about else "" for f in ABOUT_YOU_FIELDS]]


def _export_answers():
    return Prefetch("answers", queryset=Answer.objects.select_related("option").only(
        "id", "response_id", "question_id", "option_id", "rank", "text", "hidden_at", "option__label"))
