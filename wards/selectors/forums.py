"""Reads of Ward Forums and their meetings."""

from django.db.models import Prefetch
from django.utils import timezone

from ..models import ForumMeeting, Ward, WardForum


def meetings_visible():
    return ForumMeeting.objects.select_related("forum").prefetch_related(
        Prefetch("forum__wards", queryset=Ward.objects.without_geometry()),
        "organisations_attending",
    )


def meetings_for_ward(ward: Ward, *, now=None) -> dict:
    now = now or timezone.now()
    meetings = meetings_visible().filter(forum__wards=ward).distinct()
    return {
        "upcoming": list(meetings.filter(starts_at__gte=now).order_by("starts_at")),
        "past": list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:10]),
    }


def meeting_get(*, pk: int) -> ForumMeeting:
    return meetings_visible().get(pk=pk)


def ward_forums(ward: Ward):
    return ward.forums.prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry()), "member_organisations"
    ).order_by("name")


def forum_get(*, pk: int) -> WardForum:
    """A forum with its wards (without their boundaries) and member organisations."""
    return WardForum.objects.prefetch_related(
        Prefetch("wards", queryset=Ward.objects.without_geometry()), "member_organisations"
    ).get(pk=pk)


def forum_meetings(forum: WardForum, *, now=None) -> dict:
    """A forum's meetings from one query: upcoming soonest first, past latest first."""
    now = now or timezone.now()
    meetings = list(forum.meetings.order_by("starts_at", "pk"))
    return {
        "upcoming": [m for m in meetings if m.starts_at >= now],
        "past": [m for m in reversed(meetings) if m.starts_at < now],
    }


def ward_meeting_calendar(ward: Ward):
    """Every meeting of every forum the ward belongs to, for its calendar feed."""
    return ForumMeeting.objects.filter(forum__wards=ward).select_related("forum").order_by("starts_at", "pk")
