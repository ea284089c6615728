"""Keep each run of a retention job (what personal data it removed, as counts), and schedule the
monthly deadlines and data retention reports, each on the first of the month for the month
before, once (localism.core.schedules; admins change them in Periodic tasks)."""

import django.utils.timezone
from django.db import migrations, models

from localism.core.schedules import daily_schedule

create_deadlines, remove_deadlines = daily_schedule(
    name="deadlines-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's deadlines report: leases and licences ending, contract renewal decisions, "
                "community value moratoria and Section 106 spend-by dates in the next 3, 6 and 12 months.",
    hour=5, minute=30, day_of_month="1", kwargs={"kind": "deadlines"},
)
create_retention, remove_retention = daily_schedule(
    name="data-retention-report-monthly",
    task="localism.reports.tasks.run_report",
    description="Build last month's data retention report: what personal data each retention job removed, "
                "and which jobs did not run.",
    hour=5, minute=45, day_of_month="1", kwargs={"kind": "data_retention"},
)


def create_schedules(apps, schema_editor):
    create_deadlines(apps, schema_editor)
    create_retention(apps, schema_editor)


def remove_schedules(apps, schema_editor):
    remove_deadlines(apps, schema_editor)
    remove_retention(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0013_schedule_measures_of_success"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="RetentionRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("job", models.CharField(db_index=True, max_length=40)),
                ("ran_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("removed", models.JSONField(blank=True, default=dict,
                                             help_text='How many of each kind of data it removed, e.g. {"bookings": 3}.')),
                ("rule", models.CharField(help_text="The rule applied, from the settings.", max_length=300)),
            ],
            options={
                "ordering": ["-ran_at", "-pk"],
                "indexes": [models.Index(fields=["job", "-ran_at"], name="retention_job_newest")],
            },
        ),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
