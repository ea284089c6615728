"""The reporting jobs. Thin: each calls a service, and each is safe to run twice (a task goes back
on the queue when its worker dies mid-run, and runs again)."""

from celery import shared_task
from celery.signals import beat_init

from . import services


@shared_task
def publish_ward_open_data() -> list[int]:
    """Nightly: publish the ward open-data files (CSV and GeoJSON, and the profiles as two CSVs)."""
    return [report.pk for report in services.ward_open_data_publish()]


@shared_task
def publish_ward_open_data_if_missed() -> list[int]:
    """Publish the ward files now if the nightly run was missed (the site was down at its time)."""
    if not services.ward_open_data_missed():
        return []
    return [report.pk for report in services.ward_open_data_publish()]


@beat_init.connect
def catch_up_missed_runs(sender=None, **kwargs) -> None:
    """When the scheduler starts, the nightly jobs it missed while it was down run at once."""
    publish_ward_open_data_if_missed.delay()
