"""Closing the loop: after a consultation closes, those who run it publish its outcome, "We
asked, you said, we did", with the priorities of the plan that came from it. Publishing again
changes the outcome (versioned: a stale edit is refused)."""

import datetime

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Invalid
from localism.core.services import require, versioned_save

from ..models import Consultation, ConsultationStatus
from ..selectors.outcomes import outcome_priority_choices

NOT_YOURS = "You can only publish the outcome of a consultation you run."
NOT_CLOSED = "You can publish the outcome once the consultation has closed, on {closes:%-d %B %Y}."
DRAFT = "This consultation was never opened, so it has no outcome to publish."
WE_ASKED_MISSING = "Enter what we asked"
YOU_SAID_MISSING = "Enter what residents said"
WE_DID_MISSING = "Enter what we did, or will do"
PRIORITY_NOT_FROM_PLAN = "Choose priorities of the plan the consultation was about"


def _has_closed(consultation: Consultation, now: datetime.datetime) -> bool:
    if consultation.status in (ConsultationStatus.CLOSED, ConsultationStatus.OUTCOME_PUBLISHED):
        return True
    # Open but past its closing time: the scheduled job has not closed it yet.
    return consultation.status == ConsultationStatus.OPEN and consultation.closes_at <= now


@transaction.atomic
def consultation_outcome_publish(*, consultation: Consultation, user, version: int, we_asked: str, you_said: str,
                                 we_did: str, priorities=(), now: datetime.datetime | None = None) -> Consultation:
    """Publish (or change) the outcome of a closed consultation; its status becomes "outcome
    published". `priorities` must be of the plan it consulted on (or its wards' plans)."""
    require(user, "engagement.change_consultation", consultation, NOT_YOURS)
    now = now or timezone.now()
    if consultation.status == ConsultationStatus.DRAFT:
        raise Invalid(DRAFT)
    if not _has_closed(consultation, now):
        raise Invalid(NOT_CLOSED.format(closes=timezone.localtime(consultation.closes_at)))
    texts = {"we_asked": (we_asked or "").strip(), "you_said": (you_said or "").strip(),
             "we_did": (we_did or "").strip()}
    missing = {"we_asked": WE_ASKED_MISSING, "you_said": YOU_SAID_MISSING, "we_did": WE_DID_MISSING}
    errors = {name: message for name, message in missing.items() if not texts[name]}
    priorities = list(priorities)
    allowed = set(outcome_priority_choices(consultation).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in priorities):
        errors["outcome_priorities"] = PRIORITY_NOT_FROM_PLAN
    if errors:
        raise Invalid(errors)
    return versioned_save(
        Consultation, consultation.pk, user=user, version=version, thing="consultation",
        changes={**texts, "status": ConsultationStatus.OUTCOME_PUBLISHED,
                 "outcome_published_at": consultation.outcome_published_at or now},
        many={"outcome_priorities": priorities},
    )
