"""The "Asset officers" group: officers put in it (in admin) keep the asset register."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_group(apps, schema_editor):
    # The permission is made after migrating, normally: make it now (the stub needs models_module).
    config = apps.get_app_config("assets")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Asset officers")
    group.permissions.add(Permission.objects.get(content_type__app_label="assets", codename="manage_assets"))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Asset officers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
