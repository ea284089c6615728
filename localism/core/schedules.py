"""The jobs' schedules, each created once by a data migration of the app that owns the job, in
the database beat reads (django-celery-beat). Admins change them afterwards in Django admin
(Periodic tasks); later migrations and restarts of beat leave their changes alone."""

import json

TIMEZONE = "Europe/London"


def daily_schedule(*, name: str, task: str, description: str, hour: int, minute: int, day_of_week: str = "*",
                   day_of_month: str = "*", kwargs: dict | None = None):
    """A data migration's two functions for a job run every day at hour:minute, London time (or
    only on `day_of_week`, cron's 0-6 from Sunday, for a weekly job, or on `day_of_month` for a
    monthly one), with the task's `kwargs`: one creates its schedule unless one of that name
    exists (so a second run changes nothing), the other removes it."""

    def create(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        if PeriodicTask.objects.filter(name=name).exists():
            return
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute), hour=str(hour), day_of_week=str(day_of_week), day_of_month=str(day_of_month),
            month_of_year="*", timezone=TIMEZONE,
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, description=description,
                                    kwargs=json.dumps(kwargs or {}))

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()

    return create, remove
