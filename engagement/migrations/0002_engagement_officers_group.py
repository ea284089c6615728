"""The "Engagement officers" group: officers put in it (in admin) run consultations in any ward."""

from django.db import migrations

from localism.core.groups import group_with_permission


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [group_with_permission(app_label="engagement", codename="run_consultations", group="Engagement officers")]
