"""Schedule the monthly reports, each on the first of the month for the month before, once
(localism.core.schedules; admins change them in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_portfolio, remove_portfolio = daily_schedule(
    name="hub-portfolio-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's hub portfolio report: utilisation, income, vacant space and agreements ending.",
    hour=5, minute=0, day_of_month="1", kwargs={"kind": "hub_portfolio"},
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_report_runs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_portfolio, remove_portfolio)]
