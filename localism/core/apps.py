from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "localism.core"
    label = "core"
    verbose_name = "Core"
