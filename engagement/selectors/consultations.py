"""Reads of consultations: the public list and page, the consultations someone runs, the flagged
responses, and the links the wards app's pages show (localism.core.links). Each list takes a
fixed number of queries whatever its length."""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from localism.accounts.rules import is_admin, is_councillor
from localism.core.links import Link
from wards.models import Ward
from wards.rules import wards_with_seat

from ..models import Consultation, ConsultationStatus, Option, Question, Response, ResponseReview
from ..rules import is_engagement_officer

PUBLIC_STATUSES = [ConsultationStatus.OPEN, ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME_PUBLISHED]


def _wards():
    return Prefetch("wards", queryset=Ward.objects.without_geometry().order_by("name"))


def _listed(queryset):
    return queryset.select_related("plan").prefetch_related(_wards())


def consultations_public(*, ward: Ward | None = None, status: str | None = None):
    """Consultations anyone may read (all but drafts), newest first; of a ward (city-wide ones
    included), of a status."""
    queryset = Consultation.objects.filter(status__in=PUBLIC_STATUSES)
    if ward is not None:
        queryset = queryset.filter(Q(wards=ward) | Q(city_wide=True)).distinct()
    if status:
        queryset = queryset.filter(status=status)
    return _listed(queryset).order_by("-opens_at", "title", "-pk")


def consultations_taking_answers(*, now=None):
    """The consultations open for answers now, closing soonest first (the home page's)."""
    now = now or timezone.now()
    return _listed(Consultation.objects.filter(status=ConsultationStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
                   ).order_by("closes_at", "title")


def consultations_run_by(user):
    """The consultations `user` runs: every one for admins and engagement officers; for a
    councillor, those of wards where they hold a seat."""
    if is_admin.test(user) or is_engagement_officer.test(user):
        queryset = Consultation.objects.all()
    elif is_councillor.test(user):
        seated = wards_with_seat(user, Ward.objects.all())
        queryset = Consultation.objects.filter(city_wide=False, wards__in=seated).distinct()
    else:
        queryset = Consultation.objects.none()
    return _listed(queryset.annotate(
        response_count=Count("responses", distinct=True),
        flagged_count=Count("responses", filter=Q(responses__review=ResponseReview.SUSPECTED_DUPLICATE),
                            distinct=True),
    )).order_by("-opens_at", "title", "-pk")


def consultations_visible(user):
    """What the API lists to `user`: the public ones and the drafts they run."""
    run = consultations_run_by(user).filter(status=ConsultationStatus.DRAFT).values("pk")
    return _listed(Consultation.objects.filter(Q(status__in=PUBLIC_STATUSES) | Q(pk__in=run))).prefetch_related(
        _questions())


def _questions():
    return Prefetch("questions", queryset=Question.objects.order_by("position").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position"))))


def consultation_get(*, pk: int) -> Consultation:
    """One consultation with its wards, plan, and questions with their options."""
    return _listed(Consultation.objects.all()).prefetch_related(_questions()).get(pk=pk)


def response_of(consultation: Consultation, user) -> Response | None:
    """The signed-in user's response to the consultation, if they gave one."""
    if not (user and user.is_authenticated):
        return None
    return Response.objects.filter(consultation=consultation, respondent=user).first()


def responses_flagged(consultation: Consultation):
    """The responses flagged as suspected duplicates (and those already checked), with the
    response each seems to repeat."""
    reviewed = [ResponseReview.SUSPECTED_DUPLICATE, ResponseReview.KEPT, ResponseReview.EXCLUDED]
    return (consultation.responses.filter(review__in=reviewed)
            .select_related("ward", "duplicate_of", "reviewed_by").order_by("submitted_at", "pk"))


# Links from the wards app's pages (registered in engagement.apps).

def _link(consultation: Consultation) -> Link:
    return Link(f"Consultation: {consultation.title}", consultation.get_absolute_url(),
                consultation.get_status_display())


def plan_consultations(plans) -> dict:
    """A Ward Plan's open and closed consultations (and those with an outcome), in one query."""
    found: dict = {}
    for consultation in (Consultation.objects.filter(plan__in=plans, status__in=PUBLIC_STATUSES)
                         .order_by("-opens_at", "pk")):
        found.setdefault(consultation.plan_id, []).append(_link(consultation))
    return found


def ward_engagement(wards) -> dict:
    """The consultations taking answers in each ward now, city-wide ones included: two queries."""
    now = timezone.now()
    open_now = Consultation.objects.filter(status=ConsultationStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
    pks = [w.pk for w in wards]
    city_wide = [_link(c) for c in open_now.filter(city_wide=True).order_by("closes_at", "pk")]
    found = {pk: list(city_wide) for pk in pks} if city_wide else {}
    through = Consultation.wards.through.objects.filter(ward_id__in=pks, consultation__in=open_now)
    for row in through.select_related("consultation").order_by("consultation__closes_at", "consultation_id"):
        found.setdefault(row.ward_id, []).append(_link(row.consultation))
    return found


def consultations_by_ward(ward_ids, *, since: datetime.datetime, until: datetime.datetime) -> dict[int, dict]:
    """For each ward, the public consultations of the ward or of the whole city that were open
    for some of the time from `since` to before `until` ("open"), those of them that opened and
    that closed in it, and its reach: the responses from the ward's residents submitted in that
    time, to any consultation, as the results count them (not those excluded as duplicates).
    Three queries, whatever the number of wards."""
    from .results import responses_counted

    ward_ids = list(ward_ids)
    during = Consultation.objects.filter(status__in=PUBLIC_STATUSES, opens_at__lt=until, closes_at__gte=since)

    def tally(rows, into):
        into["open"] += 1
        into["opened"] += since <= rows["opens_at"] < until
        into["closed"] += since <= rows["closes_at"] < until

    city = {"open": 0, "opened": 0, "closed": 0}
    for row in during.filter(city_wide=True).values("opens_at", "closes_at"):
        tally(row, city)
    found = defaultdict(lambda: dict(city))
    through = (Consultation.wards.through.objects.filter(ward_id__in=ward_ids, consultation__in=during,
                                                         consultation__city_wide=False)
               .values("ward_id", opens_at=F("consultation__opens_at"), closes_at=F("consultation__closes_at")))
    for row in through:
        tally(row, found[row["ward_id"]])
    reach = dict(responses_counted().filter(ward_id__in=ward_ids, submitted_at__gte=since, submitted_at__lt=until)
                 .values("ward_id").order_by().annotate(n=Count("pk")).values_list("ward_id", "n"))
    return {pk: {**found[pk], "responses": reach.get(pk, 0)} for pk in ward_ids}
