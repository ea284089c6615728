"""The wards app's scheduled jobs. Thin: each calls a service, and each is safe to run twice."""

from celery import shared_task

from . import services
from .services import notices


@shared_task
def archive_ended_ward_plans() -> list[int]:
    """Nightly: archive the published Ward Plans whose financial year has ended."""
    return [plan.pk for plan in services.ward_plans_archive_ended()]


@shared_task
def unname_expired_change_records() -> int:
    """Nightly: the records of changes to plans and meetings older than the privacy notice allows
    keep the change but no longer name who made it."""
    return services.change_records_unname_expired()


@shared_task
def tell_of_overdue_actions() -> int:
    """Each morning: the lead officers and councillors of actions that have become overdue are
    told, once for each due date."""
    return notices.actions_overdue()
