from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("wards", "0008_schedule_archiving_of_ended_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalspendline",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits."),
        ),
        migrations.AddField(
            model_name="spendline",
            name="version",
            field=models.PositiveIntegerField(default=1, help_text="Raised by every change; refuses stale edits."),
        ),
    ]
