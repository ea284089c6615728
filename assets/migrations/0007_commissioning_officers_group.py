"""The "Commissioning officers" group: officers put in it (in admin) keep the council's service
contracts, answer the wards' input and record renewal decisions."""

from django.db import migrations

from localism.core.groups import group_with_permission


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0006_contracts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [group_with_permission(app_label="assets", codename="manage_contracts",
                                        group="Commissioning officers")]
