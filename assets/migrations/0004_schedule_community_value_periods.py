"""Schedule the nightly job that moves assets of community value through their periods and
flags overdue decisions, once (localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="move-community-value-listings-nightly",
    task="assets.tasks.community.move_community_value_listings",
    description=("Flag nominations of assets of community value not decided within 8 weeks, expire listings "
                 "after 5 years, and move owners' notifications to sell through the interim and full moratorium "
                 "and the protected period."),
    hour=1, minute=30,
)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0003_community_value_and_transfers"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
