from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self):
        # Links from the wards app's pages to consultations and ideas (localism.core.links):
        # each part registers its providers here.
        from localism.core import links

        from .selectors import ideas, outcomes

        links.provide("priority_sources", outcomes.priority_consultation_links)
        links.provide("priority_sources", ideas.priority_idea_links)
        links.provide("meeting_ideas", ideas.meeting_idea_links)
        links.provide("ward_engagement", ideas.ward_idea_links)
