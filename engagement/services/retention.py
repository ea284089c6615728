"""Keeping residents' personal data only as long as the privacy notice says.

RESPONSE_DATA_DAYS after a consultation closes, each of its responses loses its personal data:
the postcode, the browser key, the About you row and the text of free-text answers. What was
chosen stays, with the ward, for the results (which publish only counts of 5 or more). The
browser keys that stop an idea being supported twice from one browser go the same period after
the support was given; the support itself stays, as a count.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from localism.core import retention

from ..models import Response, Support
from .residents import responses_anonymise


def response_data_cutoff(*, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.RESPONSE_DATA_DAYS)


@transaction.atomic
def response_data_remove_expired(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Anonymise the responses to consultations that closed more than RESPONSE_DATA_DAYS ago,
    and blank the browser keys of supports given more than RESPONSE_DATA_DAYS ago. Returns how
    many of each it changed; a second run finds none."""
    now = now or timezone.now()
    cutoff = response_data_cutoff(now=now)
    expired = Response.objects.filter(consultation__closes_at__lt=cutoff, anonymised_at__isnull=True)
    supports = Support.objects.filter(created_at__lt=cutoff).exclude(browser_key="")
    removed = {
        "responses": responses_anonymise(expired, now=now),
        "supports": supports.update(browser_key=""),
    }
    retention.removed(job=RESPONSE_DATA_JOB, counts=removed, now=now)
    return removed


RESPONSE_DATA_JOB = "response_data"


def retention_declare() -> None:
    """The engagement app's retention job, in the privacy notice's words (localism.core.retention)."""
    retention.declare(
        RESPONSE_DATA_JOB, title="Consultation responses' personal data",
        data='Your postcode, browser key, written answers and "About you" with a consultation response (the '
             "choices stay, with the ward, in the results); the browser key recorded when you support an idea",
        rule=lambda: (f"{settings.RESPONSE_DATA_DAYS} days after the consultation closes; an idea's support, "
                      f"{settings.RESPONSE_DATA_DAYS} days after it was given"),
        kinds=("responses", "supports"))
