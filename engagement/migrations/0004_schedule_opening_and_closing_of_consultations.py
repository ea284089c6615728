"""Schedule the job that closes consultations whose closing time has passed, every five minutes,
once (as localism.core.schedules does for daily jobs; admins change it in Periodic tasks)."""

from django.db import migrations

NAME = "open-and-close-consultations"
TASK = "engagement.tasks.consultations.open_and_close_consultations"
DESCRIPTION = ("Close the open consultations whose closing time has passed (a consultation set to open with a "
               "future opening time takes answers from then on).")


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    interval, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.create(name=NAME, task=TASK, interval=interval, description=DESCRIPTION)


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_response_review_by_whom_and_when"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
