"""Schedule the monthly localism coverage report, on the first of the month for the month
before, once (localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="localism-coverage-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's localism coverage report: which wards lack a forum, a meeting, a plan, "
                "a consultation or answers to ideas.",
    hour=5, minute=15, day_of_month="1", kwargs={"kind": "localism_coverage"},
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_report_run_error_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
