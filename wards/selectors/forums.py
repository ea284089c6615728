"""Reads of Ward Forums and their meetings."""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from ..models import ForumMeeting, Ward, WardForum


def meetings_visible():
    return ForumMeeting.objects.select_related("forum").prefetch_related(
        Prefetch("forum__wards", queryset=Ward.objects.without_geometry()),
        "organisations_attending",
    )


WARD_PAGE_MEETINGS = 10


def meetings_for_ward(ward: Ward, *, now=None) -> dict:
    """The ward page's meetings of its forums: the next and the latest WARD_PAGE_MEETINGS (`most`;
    each forum's page lists all of its meetings, paged)."""
    now = now or timezone.now()
    meetings = meetings_visible().filter(forum__wards=ward).distinct()
    return {
        "most": WARD_PAGE_MEETINGS,
        "upcoming": list(meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")[:WARD_PAGE_MEETINGS]),
        "past": list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:WARD_PAGE_MEETINGS]),
    }


def meetings_ahead(wards, *, now):
    """The meetings of the wards' forums still to come from `now`, not cancelled, soonest first:
    what the workspace and the monthly digest call the meetings coming."""
    return (ForumMeeting.objects.filter(forum__wards__in=wards, starts_at__gte=now)
            .exclude(status=ForumMeeting.Status.CANCELLED))


def meetings_by_ward(ward_ids, *, since: datetime.datetime, until: datetime.datetime) -> dict[int, dict]:
    """For each ward, the meetings of its forums held (status "held") from `since` to before
    `until`, and those coming from `until` on (meetings_ahead), with the next one's start.
    Two queries, whatever the number of wards."""
    ward_ids = set(ward_ids)
    found = defaultdict(lambda: {"held": 0, "coming": 0, "next": None})
    held = (ForumMeeting.objects.filter(forum__wards__in=ward_ids, status=ForumMeeting.Status.HELD,
                                        starts_at__gte=since, starts_at__lt=until)
            .values_list("forum__wards", "pk").distinct())
    for ward_id, _pk in held:
        found[ward_id]["held"] += 1
    coming = (meetings_ahead(ward_ids, now=until)
              .values_list("forum__wards", "pk", "starts_at").distinct().order_by("starts_at", "pk"))
    for ward_id, _pk, starts_at in coming:
        if ward_id not in ward_ids:
            continue
        row = found[ward_id]
        row["coming"] += 1
        row["next"] = row["next"] or starts_at
    return {pk: found[pk] for pk in sorted(ward_ids)}


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
    """A forum's meetings to come, soonest first, and its past ones, latest first: two ordered
    querysets, for the forum's page to page."""
    now = now or timezone.now()
    meetings = forum.meetings.all()
    return {
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at", "pk"),
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk"),
    }


def ward_meeting_calendar(ward: Ward):
    """Every meeting of every forum the ward belongs to, for its calendar feed."""
    return ForumMeeting.objects.filter(forum__wards=ward).select_related("forum").order_by("starts_at", "pk")
