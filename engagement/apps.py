from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self):
        # Links from the wards app's pages to consultations and ideas (localism.core.links):
        # each part registers its providers here.
        from localism.core import links

        from .selectors import consultations

        links.provide("plan_consultations", consultations.plan_consultations)
        links.provide("ward_engagement", consultations.ward_engagement)
