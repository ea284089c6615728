"""Schedule the nightly archiving of Ward Plans whose year has ended, once (localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="archive-ended-ward-plans-nightly",
    task="wards.tasks.archive_ended_ward_plans",
    description="Archive the published Ward Plans whose financial year has ended (they stay public as past plans).",
    hour=0, minute=5,
)


class Migration(migrations.Migration):
    dependencies = [
        ("wards", "0007_councillor_contact_details"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
