"""The "Planning obligations officers" group: officers put in it (in admin) record developer
agreements, contributions and transactions, and allocate Section 106 money."""

from django.db import migrations

from localism.core.groups import group_with_permission


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0009_developer_contributions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [group_with_permission(app_label="assets", codename="manage_developer_contributions",
                                        group="Planning obligations officers")]
