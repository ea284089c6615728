from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True  # the module also holds the admin's config, below
    name = "localism.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from localism.core import pagecache

        pagecache.watch_writes()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the project's site (localism.core.admin.AdminSite)."""

    default = False
    default_site = "localism.core.admin.AdminSite"
