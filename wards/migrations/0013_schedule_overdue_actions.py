"""Schedule the morning job that tells people of actions that have become overdue, once
(localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="tell-of-overdue-actions-each-morning",
    task="wards.tasks.tell_of_overdue_actions",
    description=("Tell the lead officer and the ward's councillors of each action of a published or "
                 "consulted-on Ward Plan whose due date has passed and is not done (once per due date)."),
    hour=7, minute=30,
)


class Migration(migrations.Migration):
    dependencies = [
        ("wards", "0012_ward_profiles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
