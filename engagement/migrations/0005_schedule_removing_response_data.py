"""Schedule the nightly removal of consultation responses' personal data, once
(localism.core.schedules)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="remove-expired-response-data-nightly",
    task="engagement.tasks.residents.remove_expired_response_data",
    description=("Remove the personal data (postcode, browser key, About you, free-text answers) of the "
                 "responses to consultations that closed more than DJANGO_RESPONSE_DATA_DAYS ago, and the "
                 "browser keys of older support for ideas, as the privacy notice says."),
    hour=3, minute=5,
)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0004_schedule_opening_and_closing_of_consultations"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
