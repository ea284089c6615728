"""Create the nightly open-data job's schedule once (localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedules, remove_schedules = daily_schedule(
    name="publish-ward-open-data-nightly",
    task="localism.reports.tasks.publish_ward_open_data",
    description="Publish the wards as CSV and GeoJSON on the Open data page.",
    hour=2, minute=15,
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
