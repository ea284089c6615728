"""Schedule the nightly deletion of bookings older than the privacy notice allows, once
(localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="delete-expired-bookings-nightly",
    task="hubs.tasks.delete_expired_bookings",
    description=("Delete the bookings, with the records of their changes, that ended more than "
                 "DJANGO_RECORDS_YEARS ago, as the privacy notice says."),
    hour=2, minute=50,
)


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0005_free_text_within_max_lengths"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
