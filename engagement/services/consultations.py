"""Writes of consultations: set one up and change it (its wards, the Ward Plan it consults on, when
it opens and closes), its questions and their options, open and close it, and check the responses
flagged as suspected duplicates.

Councillors run the consultations of wards where they hold a seat; engagement officers and admins
run any, and only they run a city-wide one (engagement.rules). Each service checks it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from localism.accounts.rules import is_admin
from localism.core.errors import Invalid
from localism.core.services import audited_create, audited_delete, lock, require, versioned_save
from wards.rules import wards_with_seat

from ..models import (
    Consultation,
    ConsultationStatus,
    Option,
    Question,
    QuestionKind,
    QuestionMeasure,
    Response,
    ResponseReview,
)
from ..models.consultations import SCALE_OPTIONS
from ..rules import is_engagement_officer
from . import notices

RUN = "engagement.change_consultation"
ADD = "engagement.add_consultation"

NOT_ALLOWED_TO_RUN = "Only councillors, engagement officers and admins run consultations."
NOT_YOUR_CONSULTATION = "You can only change consultations of wards where you hold a seat."
NOT_YOUR_WARDS = "You can only consult wards where you hold a seat: {wards}."
CITY_WIDE_REFUSED = "Only engagement officers and admins run city-wide consultations."
WARDS_MISSING = "Choose the wards the consultation covers, or make it city-wide"
TITLE_MISSING = "Enter the title of the consultation"
SUMMARY_MISSING = "Enter a summary: what is asked and why"
PLAN_OUTSIDE_WARDS = "Choose a Ward Plan of the consultation's wards"
QUESTIONS_LOCKED = ("This consultation already has responses, so its questions cannot change: the answers "
                    "given would no longer match them.")
QUESTION_TEXT_MISSING = "Enter the question"
OPTIONS_MISSING = "Enter at least two options, one to a line"
OPTIONS_DUPLICATED = "Each option must be different: {label} is there twice"
RANKING_NEEDS_PLAN = "This consultation consults on no Ward Plan: enter the options to rank instead"
PLAN_HAS_NO_PRIORITIES = "The Ward Plan has no priorities yet: enter the options to rank instead"
MEASURE_NEEDS_SCALE = ("Only an agree or disagree question can ask the Community Life Survey's question: "
                       "choose that kind of answer, or no survey question")
OPEN_WITHOUT_QUESTIONS = "Add at least one question before you open the consultation."
OPEN_AFTER_CLOSING = "The closing time has passed: change it before you open the consultation."
ALREADY_OPEN = "This consultation is already open."
ONLY_OPEN_CLOSES = "Only an open consultation can be closed."
ONLY_DRAFT_OPENS = "Only a draft consultation can be opened."
REVIEW_NOT_FLAGGED = "This response is not flagged as a suspected duplicate."
REVIEW_DECISION_INVALID = "Choose whether to keep the response or exclude it from the results"

EDITABLE = ("title", "summary", "plan", "opens_at", "closes_at")


def _check_details(*, title: str, summary: str, wards: list, city_wide: bool, plan) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = TITLE_MISSING
    if not (summary or "").strip():
        errors["summary"] = SUMMARY_MISSING
    if not city_wide and not wards:
        errors["wards"] = WARDS_MISSING
    if plan is not None and not city_wide and set(plan.wards.values_list("pk", flat=True)) - {w.pk for w in wards}:
        errors["plan"] = PLAN_OUTSIDE_WARDS
    if errors:
        raise Invalid(errors)


def _check_scope(user, *, wards: list, city_wide: bool) -> None:
    """A city-wide consultation needs an engagement officer or admin; wards, a seat in each of
    them (or one of those two roles)."""
    if is_admin.test(user) or is_engagement_officer.test(user):
        return
    require(user, ADD, None, NOT_ALLOWED_TO_RUN)
    if city_wide:
        raise Invalid({"city_wide": CITY_WIDE_REFUSED})
    seated = set(wards_with_seat(user, wards[0].__class__.objects.filter(pk__in=[w.pk for w in wards]))
                 .values_list("pk", flat=True))
    if outside := [w.name for w in wards if w.pk not in seated]:
        raise Invalid({"wards": NOT_YOUR_WARDS.format(wards=", ".join(sorted(outside)))})


@transaction.atomic
def consultation_create(*, user, title: str, summary: str, opens_at, closes_at, wards=(), city_wide: bool = False,
                        plan=None, is_demo: bool = False) -> Consultation:
    """Set up a draft consultation of some wards, or of the whole city."""
    require(user, ADD, None, NOT_ALLOWED_TO_RUN)
    wards = [] if city_wide else list(wards)
    _check_details(title=title, summary=summary, wards=wards, city_wide=city_wide, plan=plan)
    _check_scope(user, wards=wards, city_wide=city_wide)
    consultation = Consultation(title=title.strip(), summary=summary.strip(), city_wide=city_wide, plan=plan,
                                opens_at=opens_at, closes_at=closes_at, created_by=user, is_demo=is_demo)
    return audited_create(consultation, user=user, many={"wards": wards, "outcome_priorities": []})


@transaction.atomic
def consultation_update(*, consultation: Consultation, user, version: int | None, title: str, summary: str,
                        opens_at, closes_at, wards=(), city_wide: bool = False, plan=None) -> Consultation:
    """Change a consultation's details. `version` is the one the editor loaded: an older one is
    refused (StaleEdit) so two editors never overwrite each other."""
    require(user, RUN, consultation, NOT_YOUR_CONSULTATION)
    wards = [] if city_wide else list(wards)
    _check_details(title=title, summary=summary, wards=wards, city_wide=city_wide, plan=plan)
    _check_scope(user, wards=wards, city_wide=city_wide)
    return versioned_save(Consultation, consultation.pk, user=user, version=version, thing="consultation",
                          changes={"title": title.strip(), "summary": summary.strip(), "city_wide": city_wide,
                                   "plan": plan, "opens_at": opens_at, "closes_at": closes_at},
                          many={"wards": wards})


@transaction.atomic
def consultation_open(*, consultation: Consultation, user, now=None) -> Consultation:
    """Open a draft. With an opening time still ahead it is scheduled: it takes answers from then
    (Consultation.is_open); "open now" is opening it with its opening time moved to now."""
    require(user, RUN, consultation, NOT_YOUR_CONSULTATION)
    now = now or timezone.now()
    current = lock(Consultation, consultation.pk)
    if current.status != ConsultationStatus.DRAFT:
        raise Invalid(ONLY_DRAFT_OPENS)
    if not current.questions.exists():
        raise Invalid(OPEN_WITHOUT_QUESTIONS)
    if current.closes_at <= now:
        raise Invalid({"closes_at": OPEN_AFTER_CLOSING})
    opened = versioned_save(Consultation, consultation.pk, user=user, version=None, thing="consultation",
                            changes={"status": ConsultationStatus.OPEN})
    notices.announce_opening(opened, now=now)  # at once, or by the job when its opening time comes
    return opened


@transaction.atomic
def consultation_open_now(*, consultation: Consultation, user, now=None) -> Consultation:
    """Open a draft at once, whatever opening time it was given."""
    require(user, RUN, consultation, NOT_YOUR_CONSULTATION)
    now = now or timezone.now()
    current = lock(Consultation, consultation.pk)
    if current.status == ConsultationStatus.DRAFT and current.opens_at > now and current.closes_at > now:
        versioned_save(Consultation, consultation.pk, user=user, version=None, thing="consultation",
                       changes={"opens_at": now}, bump=False)
    return consultation_open(consultation=current, user=user, now=now)


@transaction.atomic
def consultation_close(*, consultation: Consultation, user, now=None) -> Consultation:
    """Close an open consultation now: it takes no more answers. Its closing time becomes now if
    that is earlier, so the record says when it really closed."""
    require(user, RUN, consultation, NOT_YOUR_CONSULTATION)
    now = now or timezone.now()
    current = lock(Consultation, consultation.pk)
    if current.status != ConsultationStatus.OPEN:
        raise Invalid(ONLY_OPEN_CLOSES)
    changes = {"status": ConsultationStatus.CLOSED}
    if current.opens_at < now < current.closes_at:
        changes["closes_at"] = now
    return versioned_save(Consultation, consultation.pk, user=user, version=None, thing="consultation",
                          changes=changes)


def consultations_close_ended(*, now=None) -> int:
    """The scheduled job: tell the residents who asked of the consultations whose opening time
    has come, and close every open consultation whose closing time has passed (a change by no
    one, in each one's history). How many it closed."""
    now = now or timezone.now()
    for pk in notices.openings_to_announce(now=now):
        with transaction.atomic():
            notices.announce_opening(lock(Consultation, pk), now=now)
    closed = 0
    for pk in (Consultation.objects.filter(status=ConsultationStatus.OPEN, closes_at__lte=now)
               .order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            current = lock(Consultation, pk)
            if current.status == ConsultationStatus.OPEN and current.closes_at <= now:
                versioned_save(Consultation, pk, user=None, version=None, thing="consultation",
                               changes={"status": ConsultationStatus.CLOSED})
                closed += 1
    return closed


# Questions and their options.

def _editable_questions(user, consultation: Consultation) -> Consultation:
    """The consultation, locked, if its questions may change: by who runs it, before any response."""
    require(user, RUN, consultation, NOT_YOUR_CONSULTATION)
    current = lock(Consultation, consultation.pk)
    if Response.objects.filter(consultation=current).exists():
        raise Invalid(QUESTIONS_LOCKED)
    return current


def _option_rows(consultation: Consultation, *, kind: str, labels, from_plan: bool) -> list[Option]:
    """The options a question of `kind` gets: the scale's five, one per priority of the plan (a
    ranking filled from the plan), or the labels given. None for free text."""
    if kind == QuestionKind.TEXT:
        return []
    if kind == QuestionKind.SCALE:
        return [Option(position=i, label=label) for i, label in enumerate(SCALE_OPTIONS, start=1)]
    if kind == QuestionKind.RANKING and from_plan:
        if consultation.plan_id is None:
            raise Invalid({"options": RANKING_NEEDS_PLAN})
        priorities = list(consultation.plan.priorities.order_by("position", "pk"))
        if not priorities:
            raise Invalid({"options": PLAN_HAS_NO_PRIORITIES})
        return [Option(position=i, label=p.title[:300], priority=p) for i, p in enumerate(priorities, start=1)]
    labels = [label.strip() for label in labels if label and label.strip()]
    if len(labels) < 2:
        raise Invalid({"options": OPTIONS_MISSING})
    seen = set()
    for label in labels:
        if label.casefold() in seen:
            raise Invalid({"options": OPTIONS_DUPLICATED.format(label=label)})
        seen.add(label.casefold())
    rows = [Option(position=i, label=label) for i, label in enumerate(labels, start=1)]
    for row in rows:
        row.full_clean(exclude=["question"])
    return rows


def question_measure_check(*, kind: str, measure: str) -> None:
    """A question stands for a national survey's question (QuestionMeasure) only if it is asked
    the survey's way: on the agree-or-disagree scale. The one check, for the builder's pages and
    Django admin alike."""
    if measure and kind != QuestionKind.SCALE:
        raise Invalid({"measure": MEASURE_NEEDS_SCALE})


def _save_options(question: Question, rows: list[Option]) -> None:
    question.options.all().delete()
    for row in rows:
        row.question = question
    Option.objects.bulk_create(rows)


@transaction.atomic
def question_add(*, consultation: Consultation, user, text: str, kind: str, hint: str = "", required: bool = True,
                 options=(), options_from_plan: bool = False, measure: str = QuestionMeasure.NONE) -> Question:
    """Add a question at the end. A scale question gets the five points of the scale, and may be
    marked as a national survey's question (`measure`); a ranking may take the priorities of the
    consultation's Ward Plan as its options."""
    current = _editable_questions(user, consultation)
    if not (text or "").strip():
        raise Invalid({"text": QUESTION_TEXT_MISSING})
    question_measure_check(kind=kind, measure=measure)
    last = current.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(consultation=current, position=last + 1, text=text.strip(), hint=(hint or "").strip(),
                        kind=kind, required=required, measure=measure or QuestionMeasure.NONE)
    question.full_clean()
    rows = _option_rows(current, kind=kind, labels=options, from_plan=options_from_plan)
    question = audited_create(question, user=user)
    _save_options(question, rows)
    _touch(current, user)
    return question


@transaction.atomic
def question_update(*, question: Question, user, text: str, kind: str, hint: str = "", required: bool = True,
                    options=(), options_from_plan: bool = False, measure: str = QuestionMeasure.NONE) -> Question:
    """Change a question and its options (its options are replaced)."""
    current = _editable_questions(user, question.consultation)
    if not (text or "").strip():
        raise Invalid({"text": QUESTION_TEXT_MISSING})
    question_measure_check(kind=kind, measure=measure)
    stored = lock(Question, question.pk, queryset=Question.objects.filter(consultation=current))
    stored.text, stored.hint, stored.kind, stored.required = text.strip(), (hint or "").strip(), kind, required
    stored.measure = measure or QuestionMeasure.NONE
    stored.full_clean()
    rows = _option_rows(current, kind=kind, labels=options, from_plan=options_from_plan)
    stored._history_user = user
    stored.save()
    _save_options(stored, rows)
    _touch(current, user)
    return stored


@transaction.atomic
def question_delete(*, question: Question, user) -> None:
    """Remove a question; those after it move up."""
    current = _editable_questions(user, question.consultation)
    stored = lock(Question, question.pk, queryset=Question.objects.filter(consultation=current))
    audited_delete(stored, user=user)
    _renumber(current)
    _touch(current, user)


@transaction.atomic
def question_move(*, question: Question, user, up: bool) -> None:
    """Move a question one place up or down."""
    current = _editable_questions(user, question.consultation)
    questions = list(current.questions.select_for_update().order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    _renumber(current, order=questions)
    _touch(current, user)


def _renumber(consultation: Consultation, order: list[Question] | None = None) -> None:
    """Number the questions 1, 2, 3… in `order` (by default, their present order), moving them
    past every number in use first so the unique positions never clash on the way."""
    order = order if order is not None else list(consultation.questions.order_by("position", "pk"))
    offset = max((q.position for q in order), default=0) + len(order) + 1
    for i, question in enumerate(order):
        Question.objects.filter(pk=question.pk).update(position=offset + i)
    for i, question in enumerate(order, start=1):
        Question.objects.filter(pk=question.pk).update(position=i)


def _touch(consultation: Consultation, user) -> None:
    """A change of its questions is a change of the consultation: its version goes up, so an
    editor of its details who loaded it before is told."""
    versioned_save(Consultation, consultation.pk, user=user, version=None, thing="consultation", changes={})


# Suspected duplicates.

@transaction.atomic
def response_review(*, response: Response, user, keep: bool, now=None) -> Response:
    """Keep a suspected duplicate, or exclude it from the results; who decided and when is kept."""
    require(user, RUN, response.consultation, NOT_YOUR_CONSULTATION)
    current = lock(Response, response.pk)
    if current.review not in (ResponseReview.SUSPECTED_DUPLICATE, ResponseReview.KEPT, ResponseReview.EXCLUDED):
        raise Invalid(REVIEW_NOT_FLAGGED)
    current.review = ResponseReview.KEPT if keep else ResponseReview.EXCLUDED
    current.reviewed_by = user
    current.reviewed_at = now or timezone.now()
    current.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return current
