"""Groups of officers that a migration makes, each holding one permission of an app (engagement
officers run consultations anywhere; asset officers keep the asset register). Admins put officers
in them in Django admin."""

from django.contrib.auth.management import create_permissions
from django.db.migrations import RunPython


def group_with_permission(*, app_label: str, codename: str, group: str) -> RunPython:
    """The migration operation that makes `group` with the permission `app_label.codename` (and
    removes the group when migrated back)."""

    def create(apps, schema_editor):
        # Permissions are made after migrating, normally: make them now (the stub needs models_module).
        config = apps.get_app_config(app_label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
        permission = apps.get_model("auth", "Permission").objects.get(
            content_type__app_label=app_label, codename=codename)
        made, _ = apps.get_model("auth", "Group").objects.get_or_create(name=group)
        made.permissions.add(permission)

    def remove(apps, schema_editor):
        apps.get_model("auth", "Group").objects.filter(name=group).delete()

    return RunPython(create, remove)
