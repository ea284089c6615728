"""Reads for closing the loop: the priorities an outcome may name, the consultations a
councillor's wards closed four weeks ago or more without publishing an outcome, and the links
from a priority to the consultations it came from."""

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from localism.core.links import Link
from wards.models import PlanStatus, Priority
from wards.selectors import wards_where_seated

from ..models import Consultation, ConsultationStatus

# How long after closing a consultation may wait for its outcome before the workspace asks.
OUTCOME_DUE_AFTER = datetime.timedelta(weeks=4)
# The most the workspace lists; its panel links to the consultations the councillor runs.
WORKSPACE_LATEST = 10


def outcome_priority_choices(consultation: Consultation) -> QuerySet:
    """The priorities its outcome may say came from it: those of the plan it consulted on, or,
    without one, of its wards' plans that are not archived."""
    if consultation.plan_id is not None:
        priorities = Priority.objects.filter(plan_id=consultation.plan_id)
    else:
        priorities = Priority.objects.filter(plan__wards__in=consultation.wards.all()).exclude(
            plan__status=PlanStatus.ARCHIVED)
    return priorities.select_related("plan").distinct().order_by("plan__period", "plan__title", "position", "pk")


def outcome_get(*, pk: int) -> Consultation | None:
    return (Consultation.objects.filter(pk=pk).select_related("plan")
            .prefetch_related("wards", "outcome_priorities__plan").first())


def consultations_awaiting_outcome(user, *, now: datetime.datetime | None = None,
                                   most: int = WORKSPACE_LATEST) -> list[Consultation]:
    """The consultations of the user's wards that closed four weeks ago or more and have no
    outcome published yet, longest waiting first: the first `most` of them (the workspace's)."""
    wards = wards_where_seated(user)
    cutoff = (now or timezone.now()) - OUTCOME_DUE_AFTER
    waiting = (Consultation.objects.filter(wards__in=wards, closes_at__lte=cutoff, outcome_published_at__isnull=True)
               .filter(Q(status=ConsultationStatus.CLOSED) | Q(status=ConsultationStatus.OPEN)))
    return list(waiting.distinct().order_by("closes_at", "pk")[:most])


def priority_consultation_links(priorities) -> dict[int, list[Link]]:
    """The consultations whose published outcome names each priority (one query for all)."""
    through = Consultation.outcome_priorities.through
    rows = (through.objects.filter(priority_id__in=[p.pk for p in priorities],
                                   consultation__outcome_published_at__isnull=False)
            .values_list("priority_id", "consultation_id", "consultation__title")
            .order_by("consultation__closes_at", "consultation_id"))
    found: dict[int, list[Link]] = {}
    for priority_id, consultation_id, title in rows:
        found.setdefault(priority_id, []).append(
            Link(f"Consultation: {title}", reverse("engagement:outcome", kwargs={"pk": consultation_id})))
    return found
