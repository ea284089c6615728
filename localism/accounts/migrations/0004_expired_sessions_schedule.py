"""Schedule the nightly deletion of ended sign-in sessions, once (localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="delete-expired-sessions-nightly",
    task="localism.accounts.tasks.delete_expired_sessions",
    description="Delete the sign-in sessions that have ended (signed out, or expired), as the privacy notice says.",
    hour=2, minute=35,
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_account_closing"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
