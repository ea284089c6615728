"""The partner API for Ward Forum meetings: forum-meetings/, public to read. The councillors of a
forum's wards (and admins) schedule its meetings and change them: a start in the past is a 400,
a likely duplicate a 409 unless confirm_duplicate is true (the service says both)."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from localism.core.api import MomentFilter, RulesPermissionsMixin, StrictSerializer, text_of, validated

from .. import selectors, services
from ..models import ForumMeeting, WardForum
from .plans import WardNameSerializer, ward_code_filter


class ForumMeetingFilter(django_filters.FilterSet):
    ward = ward_code_filter("forum__wards__gss_code", "Meetings of forums that include this ward (its GSS code).")
    # "from" is a Python keyword, so both bounds are declared by name.
    locals().update({
        "from": MomentFilter(until=False, help_text="Meetings starting at or after this date or time."),
        "to": MomentFilter(until=True, help_text="Meetings starting at or before this date (the whole day) "
                                                 "or time."),
    })

    class Meta:
        model = ForumMeeting
        fields = ["ward", "from", "to"]


class ForumSerializer(serializers.ModelSerializer):
    wards = WardNameSerializer(many=True, read_only=True)

    class Meta:
        model = WardForum
        fields = ["id", "name", "wards"]


class ForumMeetingSerializer(serializers.ModelSerializer):
    forum = ForumSerializer(read_only=True)
    cancellation_reason = serializers.SerializerMethodField()
    organisations_attending = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    minutes = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ForumMeeting
        fields = [
            "id", "forum", "starts_at", "ends_at", "venue", "agenda", "status", "attendance_count",
            "organisations_attending", "minutes", "cancellation_reason", "url",
        ]

    def get_cancellation_reason(self, meeting) -> str | None:
        """Why the meeting was cancelled, once it is."""
        return meeting.cancellation_reason if meeting.status == ForumMeeting.Status.CANCELLED else None

    def get_minutes(self, meeting) -> str | None:
        """The minutes, once the meeting is held."""
        return meeting.minutes if meeting.status == ForumMeeting.Status.HELD else None

    def get_url(self, meeting) -> str:
        return reverse("api:forum-meeting-detail", kwargs={"pk": meeting.pk}, request=self.context.get("request"))


class ForumMeetingChangeSerializer(StrictSerializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    venue = text_of(ForumMeeting, "venue")
    agenda = text_of(ForumMeeting, "agenda", required=False, allow_blank=True, default="")


class ForumMeetingScheduleSerializer(ForumMeetingChangeSerializer):
    forum = serializers.PrimaryKeyRelatedField(queryset=WardForum.objects.all(), help_text="The Ward Forum's id.")
    confirm_duplicate = serializers.BooleanField(
        required=False, default=False,
        help_text="Schedule it even though the forum has a meeting at that time, or at that venue that day "
                  "(otherwise 409 with what they share).")


class ForumMeetingViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Ward Forum meetings: when and where, the agenda and, once held, the minutes and who came.
    Public to read; a forum's councillors and admins schedule and change its meetings."""

    serializer_class = ForumMeetingSerializer
    filterset_class = ForumMeetingFilter
    ordering_fields = ["starts_at"]

    # Who may schedule or change a meeting is the services' to say (403 with their message).
    permission_type_map = {**RulesPermissionsMixin.permission_type_map,
                           "create": None, "partial_update": "view"}

    def get_queryset(self):
        return selectors.meetings_visible()

    @extend_schema(request=ForumMeetingScheduleSerializer, responses={201: ForumMeetingSerializer})
    def create(self, request, *args, **kwargs):
        meeting = services.forum_meeting_schedule(user=request.user, **validated(self, ForumMeetingScheduleSerializer))
        return Response(self._output(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=ForumMeetingChangeSerializer, responses={200: ForumMeetingSerializer})
    def partial_update(self, request, *args, **kwargs):
        changes = validated(self, ForumMeetingChangeSerializer, partial=True)
        meeting = services.forum_meeting_update(meeting=self.get_object(), user=request.user, **changes)
        return Response(self._output(meeting))

    def _output(self, meeting: ForumMeeting) -> dict:
        return ForumMeetingSerializer(selectors.meeting_get(pk=meeting.pk), context=self.get_serializer_context()).data
