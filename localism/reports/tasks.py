"""The reporting jobs. Thin: each calls a service, and each is safe to run twice (a task goes back
on the queue when its worker dies mid-run, and runs again)."""

import datetime
from smtplib import SMTPException

from celery import shared_task
from celery.signals import beat_init

from . import notifications, runs, services


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


@shared_task(bind=True, autoretry_for=(Exception,), dont_autoretry_for=(runs.Invalid,), retry_backoff=60,
             retry_backoff_max=1800, retry_jitter=False, max_retries=3, soft_time_limit=600, time_limit=660)
def run_report(self, kind: str, month: str | None = None, user_id: int | None = None, again: bool = False) -> int:
    """Build a report for a month (by default last month's, as the schedule asks) once; a build
    that fails is tried again three times, later each time, and the admins are told when the
    last try fails."""
    day = datetime.date.fromisoformat(month) if month else runs.last_month()
    run = runs.report_run(kind=kind, month=day, user=None if user_id is None else _user(user_id), again=again,
                          tell_on_failure=self.request.retries >= self.max_retries)
    return run.pk


def _user(pk: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk).first()
