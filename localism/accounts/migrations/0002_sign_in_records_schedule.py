"""Schedule the nightly deletion of old sign-in records, once. Admins change the schedule
afterwards in Django admin (Periodic tasks); later migrations and restarts of beat leave their
changes alone."""

from django.db import migrations

SCHEDULE = {
    "name": "delete-expired-sign-in-records-nightly",
    "task": "localism.accounts.tasks.delete_expired_sign_in_records",
    "description": "Delete sign-in records (failed attempts and the sign-in log) older than "
                   "DJANGO_SIGN_IN_RECORDS_DAYS, as the privacy notice says.",
    "crontab": {"minute": "40", "hour": "2"},
}


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=SCHEDULE["name"]).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=SCHEDULE["crontab"]["minute"], hour=SCHEDULE["crontab"]["hour"], day_of_week="*",
        day_of_month="*", month_of_year="*", timezone="Europe/London",
    )
    PeriodicTask.objects.create(
        name=SCHEDULE["name"], task=SCHEDULE["task"], crontab=crontab, description=SCHEDULE["description"]
    )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SCHEDULE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
