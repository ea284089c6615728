"""The Section 106 spend-by job. Thin: it calls a service, and is safe to run twice."""

import datetime

from celery import shared_task

from ..services.contributions import contributions_mark_spend_by_risk


@shared_task
def mark_spend_by_risk(today: str | None = None) -> dict[str, list[str]]:
    """Every night: mark the Section 106 contributions, with money received and not spent,
    whose spend-by date is within 12 months, within 6 months or past. `today` (ISO date) for a
    re-run as of another day. The references in each band."""
    day = datetime.date.fromisoformat(today) if today else None
    return contributions_mark_spend_by_risk(today=day)
