"""Schedule the weekly digest of notifications, Monday mornings, once (localism.core.schedules;
admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="send-weekly-notification-digests",
    task="localism.reports.tasks.send_weekly_digests",
    description=("E-mail each person who chose a weekly digest the notifications of those kinds "
                 "not yet e-mailed, in one message."),
    hour=7, minute=0, day_of_week="1",
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
