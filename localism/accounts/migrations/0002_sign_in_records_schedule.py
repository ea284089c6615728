"""Schedule the nightly deletion of old sign-in records, once (localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="delete-expired-sign-in-records-nightly",
    task="localism.accounts.tasks.delete_expired_sign_in_records",
    description=("Delete sign-in records (failed attempts and the sign-in log) older than "
                 "DJANGO_SIGN_IN_RECORDS_DAYS, as the privacy notice says."),
    hour=2, minute=40,
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
