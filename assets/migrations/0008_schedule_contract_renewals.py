"""Schedule the nightly job that flags contracts whose renewal window opens and renewal decisions
that are overdue, once (localism.core.schedules; admins change it in Periodic tasks)."""

from django.db import migrations

from localism.core.schedules import daily_schedule

create_schedule, remove_schedule = daily_schedule(
    name="flag-contract-renewals-nightly",
    task="assets.tasks.contracts.flag_contract_renewals",
    description=("Flag service contracts whose renewal window has opened (wards' councillors can give "
                 "their input) and renewal decisions not recorded by their due date."),
    hour=1, minute=45,
)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0007_commissioning_officers_group"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
