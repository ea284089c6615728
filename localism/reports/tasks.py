"""The reporting jobs. Thin: each calls a service, and each is safe to run twice (a task goes back
on the queue when its worker dies mid-run, and runs again)."""

from smtplib import SMTPException

from celery import shared_task
from celery.signals import beat_init

from . import notifications, services


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


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=30, retry_backoff_max=3600, retry_jitter=True,
             max_retries=6, soft_time_limit=60, time_limit=90)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification (at most once); a mail server that fails is tried again, later
    each time, for about a day."""
    return notifications.notification_send(notification_id)


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=60, max_retries=5,
             soft_time_limit=600, time_limit=660)
def send_weekly_digests() -> int:
    """Weekly: each person's notifications of the kinds they hear of weekly, in one e-mail."""
    return notifications.weekly_digests_send()
