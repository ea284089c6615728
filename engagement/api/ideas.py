"""The partner API for residents' ideas: ideas/ [ward, status], public and read-only. Only what
the public pages show: no proposer, no browser key; hidden ideas are left out."""

import django_filters
from rest_framework import serializers, viewsets
from rest_framework.reverse import reverse

from localism.core.api import RulesPermissionsMixin, code_filter
from wards.models.geography import validate_gss_code

from ..models import Idea, IdeaStatus
from ..selectors.ideas import ideas_public


class IdeaFilter(django_filters.FilterSet):
    ward = code_filter("ward__gss_code", "Ideas for this ward (its GSS code).", validate_gss_code)
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices)

    class Meta:
        model = Idea
        fields = ["ward", "status"]


class IdeaSerializer(serializers.ModelSerializer):
    ward = serializers.SerializerMethodField()
    support_count = serializers.IntegerField(read_only=True, help_text="How many people support the idea.")
    referred_to = serializers.SlugRelatedField(slug_field="name", read_only=True,
                                               help_text="The service or partner it was referred to.")
    priority = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = ["id", "ward", "title", "description", "theme", "created_at", "status", "support_count",
                  "response", "responded_at", "priority", "referred_to", "meeting", "url"]

    def get_ward(self, idea) -> dict:
        return {"gss_code": idea.ward.gss_code, "name": idea.ward.name}

    def get_priority(self, idea) -> dict | None:
        """The Ward Plan priority it became (adopted)."""
        if idea.priority is None:
            return None
        return {"id": idea.priority.pk, "title": idea.priority.title, "plan": idea.priority.plan_id}

    def get_meeting(self, idea) -> int | None:
        """The forum meeting it was taken to (see forum-meetings/)."""
        return idea.meeting_id

    def get_url(self, idea) -> str:
        return reverse("api:idea-detail", kwargs={"pk": idea.pk}, request=self.context.get("request"))


class IdeaViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Residents' ideas for their wards, with how many support each and the councillors'
    response. Public; hidden ideas are not listed."""

    serializer_class = IdeaSerializer
    filterset_class = IdeaFilter
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return ideas_public()
