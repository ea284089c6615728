"""Schedule the nightly job that marks the Section 106 contributions whose spend-by date is
near or past, once (localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="mark-section-106-spend-by-risk-nightly",
    task="assets.tasks.contributions.mark_spend_by_risk",
    description=("Mark the Section 106 contributions with money received and not spent whose spend-by date is "
                 "within 12 months, within 6 months, or past."),
    hour=1, minute=45,
)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0010_planning_obligations_officers_group"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
