"""The assets of community value's nightly job. Thin: it calls a service, and is safe to run twice."""

from celery import shared_task

from ..services.community import nominations_move_on


@shared_task
def move_community_value_listings() -> dict[str, int]:
    """Every night: flag nominations not decided within their eight weeks, expire listings whose
    five years are over, and move owners' notifications to sell through their periods (interim
    moratorium, full moratorium, protected period, none). How many of each it changed."""
    return nominations_move_on()
