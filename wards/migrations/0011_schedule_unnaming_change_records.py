"""Schedule the nightly removal of names from old records of changes, once
(localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="unname-expired-change-records-nightly",
    task="wards.tasks.unname_expired_change_records",
    description=("Remove the names of who made each change from the records of Ward Plans whose year "
                 "ended, and of forum meetings held, more than DJANGO_RECORDS_YEARS ago, as the privacy "
                 "notice says."),
    hour=2, minute=55,
)


class Migration(migrations.Migration):
    dependencies = [
        ("wards", "0010_meeting_cancellation_reason_and_minutes_file"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
