from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self):
        # Links from the wards app's pages to consultations and ideas (localism.core.links):
        # each part registers its providers here.
        pass
