"""The partner API for consultations: consultations/ [ward, status] and consultations/{id}/ with
their questions and options. Read-only; anonymous clients read every consultation but drafts,
which only those who run them see. No personal data at all: no responses, no answers, no one's
name."""

import django_filters
from rest_framework import serializers, viewsets

from localism.core.api import RulesPermissionsMixin, code_filter
from wards.models import Ward
from wards.models.geography import validate_gss_code

from ..models import Consultation, ConsultationStatus, Option, Question
from ..selectors import consultations as selectors


class ConsultationFilter(django_filters.FilterSet):
    ward = code_filter("wards__gss_code", "Consultations of this ward (its GSS code); city-wide ones are not "
                                          "included.", validate_gss_code)
    status = django_filters.ChoiceFilter(choices=ConsultationStatus.choices)

    class Meta:
        model = Consultation
        fields = ["ward", "status"]


class ConsultationWardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["gss_code", "name"]


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "position", "label", "priority"]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "position", "text", "hint", "kind", "required", "options"]


class ConsultationSerializer(serializers.ModelSerializer):
    wards = ConsultationWardSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Taking answers now.")
    questions = QuestionSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="The consultation's public page.")

    class Meta:
        model = Consultation
        fields = ["id", "title", "summary", "status", "is_open", "city_wide", "wards", "plan", "opens_at",
                  "closes_at", "we_asked", "you_said", "we_did", "outcome_published_at", "version", "questions",
                  "url"]

    def get_url(self, consultation) -> str:
        request = self.context.get("request")
        path = consultation.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ConsultationViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations: what the council asks residents, where and when, with the questions and
    their options. Drafts only for those who run them. Results are aggregates (results/)."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    ordering_fields = ["opens_at", "closes_at"]

    def get_queryset(self):
        return selectors.consultations_visible(self.request.user).order_by("-opens_at", "pk")
