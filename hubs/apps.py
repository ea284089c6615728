from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Shared service hubs"

    def ready(self):
        from .services import notices
        from .services.bookings import retention_declare

        notices.declare()
        retention_declare()
