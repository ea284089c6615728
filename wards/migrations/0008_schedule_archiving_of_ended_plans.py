"""Schedule the nightly archiving of Ward Plans whose year has ended, once. Admins change the
schedule afterwards in Django admin (Periodic tasks); running this again leaves it alone."""

from django.db import migrations

SCHEDULE = {
    "name": "archive-ended-ward-plans-nightly",
    "task": "wards.tasks.archive_ended_ward_plans",
    "description": "Archive the published Ward Plans whose financial year has ended (they stay public as past plans).",
    "crontab": {"minute": "5", "hour": "0"},
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
    PeriodicTask.objects.create(name=SCHEDULE["name"], task=SCHEDULE["task"], crontab=crontab,
                                description=SCHEDULE["description"])


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=SCHEDULE["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wards", "0007_councillor_contact_details"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
