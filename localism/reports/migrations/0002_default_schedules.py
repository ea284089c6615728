"""Create the default job schedules once. Admins change them afterwards in Django admin
(Periodic tasks); later migrations and restarts of beat leave their changes alone."""

from django.db import migrations

DEFAULT_SCHEDULES = [
    {
        "name": "publish-ward-open-data-nightly",
        "task": "localism.reports.tasks.publish_ward_open_data",
        "description": "Publish the wards as CSV and GeoJSON on the Open data page.",
        "crontab": {"minute": "15", "hour": "2"},
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for entry in DEFAULT_SCHEDULES:
        if PeriodicTask.objects.filter(name=entry["name"]).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=entry["crontab"]["minute"], hour=entry["crontab"]["hour"], day_of_week="*",
            day_of_month="*", month_of_year="*", timezone="Europe/London",
        )
        PeriodicTask.objects.create(
            name=entry["name"], task=entry["task"], crontab=crontab, description=entry["description"]
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[e["name"] for e in DEFAULT_SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
