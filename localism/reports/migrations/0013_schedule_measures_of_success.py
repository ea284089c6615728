"""Schedule the monthly measures of success report, on the first of the month for the month
before, once (localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="measures-of-success-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's measures of success report: actions done and with partners, ward budget "
                "and neighbourhood CIL on plan priorities, consultation reach and the share who feel they can "
                "influence local decisions, city-wide and by ward.",
    hour=5, minute=30, day_of_month="1", kwargs={"kind": "measures_of_success"},
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_schedule_localism_coverage"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
