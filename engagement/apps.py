from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self):
        from localism.accounts.signals import account_deleting
        from localism.core import links

        from .selectors import consultations, ideas, outcomes
        from .services import notices
        from .services.residents import _release_account
        from .services.retention import retention_declare

        notices.declare()
        retention_declare()

        # Links from the wards app's pages to consultations and ideas (localism.core.links).
        links.provide("plan_consultations", consultations.plan_consultations)
        links.provide("ward_engagement", consultations.ward_engagement)
        links.provide("ward_engagement", ideas.ward_idea_links)
        links.provide("priority_sources", outcomes.priority_consultation_links)
        links.provide("priority_sources", ideas.priority_idea_links)
        links.provide("meeting_ideas", ideas.meeting_idea_links)
        # A closed account about to be deleted takes its engagement data with it first.
        account_deleting.connect(_release_account, dispatch_uid="engagement-release-resident")
