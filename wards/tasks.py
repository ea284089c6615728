"""The wards app's scheduled jobs. Thin: each calls a service, and each is safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def archive_ended_ward_plans() -> list[int]:
    """Nightly: archive the published Ward Plans whose financial year has ended."""
    return [plan.pk for plan in services.ward_plans_archive_ended()]
