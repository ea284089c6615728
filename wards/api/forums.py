"""The partner API for Ward Forum meetings: forum-meetings/, public to read. The councillors of a
forum's wards (and admins) schedule its meetings and change them."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from .. import selectors, services
from ..models import ForumMeeting, WardForum
from .plans import WardNameSerializer, ward_code_filter

NOT_YOUR_FORUM = "You can only schedule meetings of forums for wards where you hold a seat."
WHEN_INVALID = "Enter a date, like 2026-05-01, or a date and time, like 2026-05-01T18:30."


class MeetingTimeField(forms.Field):
    """A date, or a date and time (ISO 8601, with or without a UTC offset)."""

    default_error_messages = {"invalid": WHEN_INVALID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            when = parse_date(text) or parse_datetime(text)
        except ValueError:
            when = None
        # Years far from ours are typing mistakes, and would overflow once moved to UTC.
        if when is None or not 1900 <= when.year <= 2999:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(when, datetime.datetime) and timezone.is_naive(when):
            when = timezone.make_aware(when)
        return when


class MeetingTimeFilter(django_filters.Filter):
    """Meetings starting from (or up to) a moment; a date alone means the whole of that day."""

    field_class = MeetingTimeField

    def __init__(self, *, until: bool, help_text: str):
        super().__init__(field_name="starts_at", help_text=help_text)
        self.until = until
        # A string in the schema: a date and a date-time are both accepted.
        extend_schema_field({"type": "string", "description": help_text})(self)

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime.datetime):
            return qs.filter(starts_at__lte=value) if self.until else qs.filter(starts_at__gte=value)
        day = value + datetime.timedelta(days=1) if self.until else value
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return qs.filter(starts_at__lt=midnight) if self.until else qs.filter(starts_at__gte=midnight)


class ForumMeetingFilter(django_filters.FilterSet):
    ward = ward_code_filter("forum__wards__gss_code", "Meetings of forums that include this ward (its GSS code).")
    # "from" is a Python keyword, so both bounds are declared by name.
    locals().update({
        "from": MeetingTimeFilter(until=False, help_text="Meetings starting at or after this date or time."),
        "to": MeetingTimeFilter(until=True, help_text="Meetings starting at or before this date (the whole day) "
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
    organisations_attending = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    minutes = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ForumMeeting
        fields = [
            "id", "forum", "starts_at", "ends_at", "venue", "agenda", "status", "attendance_count",
            "organisations_attending", "minutes", "url",
        ]

    def get_minutes(self, meeting) -> str | None:
        """The minutes, once the meeting is held."""
        return meeting.minutes if meeting.status == ForumMeeting.Status.HELD else None

    def get_url(self, meeting) -> str:
        return reverse("api:forum-meeting-detail", kwargs={"pk": meeting.pk}, request=self.context.get("request"))


class ForumMeetingChangeSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    venue = serializers.CharField(max_length=300)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")


class ForumMeetingScheduleSerializer(ForumMeetingChangeSerializer):
    forum = serializers.PrimaryKeyRelatedField(queryset=WardForum.objects.all(), help_text="The Ward Forum's id.")


class ForumMeetingViewSet(AutoPermissionViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Ward Forum meetings: when and where, the agenda and, once held, the minutes and who came.
    Public to read; a forum's councillors and admins schedule and change its meetings."""

    serializer_class = ForumMeetingSerializer
    filterset_class = ForumMeetingFilter
    ordering_fields = ["starts_at"]

    def get_queryset(self):
        return selectors.meetings_visible()

    @extend_schema(request=ForumMeetingScheduleSerializer, responses={201: ForumMeetingSerializer})
    def create(self, request, *args, **kwargs):
        data = self._validated(ForumMeetingScheduleSerializer)
        if not request.user.has_perm(WardForum.get_perm("change"), data["forum"]):
            raise PermissionDenied(NOT_YOUR_FORUM)
        meeting = services.forum_meeting_schedule(user=request.user, **data)
        return Response(self._output(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=ForumMeetingChangeSerializer, responses={200: ForumMeetingSerializer})
    def partial_update(self, request, *args, **kwargs):
        meeting = self.get_object()
        data = self._validated(ForumMeetingChangeSerializer, partial=True)
        stored = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "venue": meeting.venue,
                  "agenda": meeting.agenda}
        meeting = services.forum_meeting_update(meeting=meeting, user=request.user, **(stored | data))
        return Response(self._output(meeting))

    def _validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _output(self, meeting: ForumMeeting) -> dict:
        return ForumMeetingSerializer(selectors.meeting_get(pk=meeting.pk), context=self.get_serializer_context()).data
