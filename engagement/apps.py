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
        from localism.accounts.signals import account_deleting

        from .services.residents import _release_account

        # A closed account about to be deleted takes its engagement data with it first.
        account_deleting.connect(_release_account, dispatch_uid="engagement-release-resident")
