"""Schedule the monthly ward digest, on the first of the month for the month before, once
(localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="ward-digest-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's ward digests and tell each ward's councillors and ward champions.",
    hour=5, minute=30, day_of_month="1", kwargs={"kind": "ward_digest"},
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0014_retention_records"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
