"""Answering a consultation: one service, `response_submit`, whatever asks it (the response page,
the demonstration data, any later API).

Anyone may answer an open consultation, without an account. The postcode gives the ward (one of
the consultation's, unless it is city-wide); the answers are checked against the questions; "About
you" is optional. A signed-in resident answers once. Without an account, answers are limited per
IP address per hour (ENGAGEMENT_RESPONSES_PER_HOUR), and a response with the same answers and
postcode from the same browser within ENGAGEMENT_DUPLICATE_MINUTES of another is kept but flagged
for those who run the consultation to check (never silently kept or dropped)."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from localism.core import throttle
from localism.core.errors import Conflict, Invalid, ServiceError
from wards.selectors import ward_for_postcode
from wards.selectors.geography import WardLookupError

from ..models import AboutYou, Answer, Consultation, QuestionKind, Response, ResponseReview
from ..models.consultations import AGE_BANDS, DISABILITY, ETHNIC_GROUPS, FREE_TEXT_MAX_LENGTH, TENURES

NOT_OPEN = "This consultation is not taking answers now."
ALREADY_ANSWERED = "You have already answered this consultation. Thank you."
TOO_MANY = ("You have sent a lot of answers from this connection in the last hour. Wait an hour, then try "
            "again.")
POSTCODE_OUTSIDE = ("{postcode} is in {ward}, which this consultation does not cover. It asks the residents of "
                    "{wards}.")
ANSWER_MISSING = "Answer this question: {question}"
CHOICE_INVALID = "Choose one of the options given"
RANK_ALL = "Give each option a different rank from 1 to {n}"
TEXT_TOO_LONG = "Your answer must be {limit:,} characters or fewer"
ABOUT_INVALID = "Choose one of the options given"

ABOUT_CHOICES = {"age_band": AGE_BANDS, "ethnic_group": ETHNIC_GROUPS, "tenure": TENURES, "disability": DISABILITY}


class ConsultationNotOpen(Conflict):
    """The consultation is a draft, not open yet, or closed: nothing is stored."""


class AlreadyAnswered(Conflict):
    """This account has answered the consultation already."""


class TooManyResponses(ServiceError):
    """Too many answers from one IP address in the last hour (429)."""

    status_code = 429


@dataclass
class Submission:
    """What a respondent sends: the postcode, the answers by question id (an option id for a
    single choice or scale; a list of option ids for a multiple choice; {option id: rank} for a
    ranking; the text for free text) and "About you" (by field, "" for unanswered)."""

    postcode: str
    answers: dict = field(default_factory=dict)
    about: dict = field(default_factory=dict)


def question_field(question) -> str:
    """The name the answer to a question goes by, in a form and in the service's errors."""
    return f"q{question.pk}"


def browser_key(token: str) -> str:
    """What is kept of the browser's cookie: its SHA-256 hash, salted so that it differs from the
    hash an idea's support keeps of the same cookie (the two cannot be joined)."""
    return hashlib.sha256(f"consultation-response:{token}".encode()).hexdigest() if token else ""


def _rate_key(ip: str) -> str:
    return throttle.client_key("engagement:responses", ip)


def _check_rate(ip: str | None) -> None:
    if ip and throttle.count_so_far(_rate_key(ip)) >= settings.ENGAGEMENT_RESPONSES_PER_HOUR:
        raise TooManyResponses(TOO_MANY)


def _count_response(ip: str | None) -> None:
    if ip:
        throttle.count_one_more(_rate_key(ip))


def _ward_of(consultation: Consultation, postcode: str):
    try:
        match = ward_for_postcode(postcode=postcode)
    except WardLookupError as error:
        raise Invalid({"postcode": error.message}) from None
    if not consultation.city_wide:
        wards = list(consultation.wards.all())
        if match.ward.pk not in {w.pk for w in wards}:
            raise Invalid({"postcode": POSTCODE_OUTSIDE.format(
                postcode=match.postcode, ward=match.ward.name, wards=" and ".join(w.name for w in wards))})
    return match


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _answer_rows(question, value, errors: dict) -> list[Answer]:
    """The rows of one answer, or [] with its error in `errors` (or nothing given)."""
    name = question_field(question)
    options = {o.pk: o for o in question.options.all()}
    rows: list[Answer] = []
    if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        if value not in (None, ""):
            option = options.get(_as_int(value))
            if option is None:
                errors[name] = CHOICE_INVALID
            else:
                rows = [Answer(question=question, option=option)]
    elif question.kind == QuestionKind.MULTIPLE:
        chosen = [options.get(_as_int(v)) for v in (value or [])]
        if None in chosen:
            errors[name] = CHOICE_INVALID
        else:
            rows = [Answer(question=question, option=o) for o in dict.fromkeys(chosen)]
    elif question.kind == QuestionKind.RANKING:
        ranks = {k: v for k, v in (value or {}).items() if v not in (None, "")}
        if ranks:
            n = len(options)
            given = {_as_int(k): _as_int(v) for k, v in ranks.items()}
            if set(given) != set(options) or sorted(given.values()) != list(range(1, n + 1)):
                errors[name] = RANK_ALL.format(n=n)
            else:
                rows = [Answer(question=question, option=options[k], rank=r) for k, r in sorted(given.items())]
    else:
        text = (value or "").strip()
        if len(text) > FREE_TEXT_MAX_LENGTH:
            errors[name] = TEXT_TOO_LONG.format(limit=FREE_TEXT_MAX_LENGTH)
        elif text:
            rows = [Answer(question=question, text=text)]
    if not rows and question.required and name not in errors:
        errors[name] = ANSWER_MISSING.format(question=question.text)
    return rows


def _check_about(about: dict) -> dict:
    cleaned, errors = {}, {}
    for name, choices in ABOUT_CHOICES.items():
        value = (about or {}).get(name) or ""
        if value and value not in {code for code, _ in choices}:
            errors[name] = ABOUT_INVALID
        cleaned[name] = value
    if errors:
        raise Invalid(errors)
    return cleaned


def answers_digest(rows: list[Answer]) -> str:
    """A hash of the answers, the same for the same answers in any order."""
    canonical = sorted([r.question_id, r.option_id or 0, r.rank or 0, r.text] for r in rows)
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


@transaction.atomic
def response_submit(*, consultation: Consultation, user, submission: Submission, browser_token: str = "",
                    ip: str | None = None, now=None) -> Response:
    """Take a response to an open consultation: validated in full, stored whole or not at all."""
    now = now or timezone.now()
    consultation = Consultation.objects.prefetch_related("wards", "questions__options").get(pk=consultation.pk)
    if not (user is not None and user.has_perm("engagement.answer_consultation", consultation)):
        raise ConsultationNotOpen(NOT_OPEN)
    signed_in = bool(user and user.is_authenticated)
    if signed_in and Response.objects.filter(consultation=consultation, respondent=user).exists():
        raise AlreadyAnswered(ALREADY_ANSWERED)
    if not signed_in:
        _check_rate(ip)
    errors: dict = {}
    try:
        match = _ward_of(consultation, submission.postcode)
    except Invalid as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
        match = None
    rows = []
    for question in consultation.questions.all():
        rows += _answer_rows(question, submission.answers.get(question.pk), errors)
    try:
        about = _check_about(submission.about)
    except Invalid as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise Invalid(errors)
    digest = answers_digest(rows)
    key = browser_key(browser_token)
    response = Response(consultation=consultation, respondent=user if signed_in else None, postcode=match.postcode,
                        postcode_approximate=match.approximate, ward=match.ward, browser_key=key,
                        answers_digest=digest, submitted_at=now)
    if original := _duplicate_of(consultation, digest=digest, postcode=match.postcode, key=key, now=now):
        response.review, response.duplicate_of = ResponseReview.SUSPECTED_DUPLICATE, original
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same account answering twice at the same instant
        raise AlreadyAnswered(ALREADY_ANSWERED) from None
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if any(about.values()):
        AboutYou.objects.create(response=response, **about)
    if not signed_in:
        _count_response(ip)
    return response


def _duplicate_of(consultation, *, digest: str, postcode: str, key: str, now) -> Response | None:
    """The first response with the same answers and postcode from the same browser shortly before."""
    if not key:
        return None
    since = now - datetime.timedelta(minutes=settings.ENGAGEMENT_DUPLICATE_MINUTES)
    return (Response.objects.filter(consultation=consultation, answers_digest=digest, postcode=postcode,
                                    browser_key=key, submitted_at__gte=since)
            .order_by("submitted_at", "pk").first())
