"""Writes of Ward Forum meetings: scheduled, changed, recorded once held, or cancelled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import ForumMeeting, WardForum

RECORD_BEFORE_START = "You can record a meeting once it has started."
CANCELLED_MEETING = "This meeting was cancelled: schedule a new one instead."
MEETING_ENDS_BEFORE_START = "The meeting must end after it starts."
CANCEL_HELD_MEETING = "This meeting has been held, so it cannot be cancelled."


def _check_times(starts_at, ends_at) -> None:
    if ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": MEETING_ENDS_BEFORE_START})


@transaction.atomic
def forum_meeting_schedule(*, forum: WardForum, user, starts_at, venue: str, agenda: str = "",
                           ends_at=None, is_demo: bool = False) -> ForumMeeting:
    _check_times(starts_at, ends_at)
    meeting = ForumMeeting(forum=forum, starts_at=starts_at, ends_at=ends_at, venue=venue, agenda=agenda,
                           created_by=user, is_demo=is_demo)
    meeting.full_clean()
    meeting._history_user = user
    meeting.save()
    return meeting


@transaction.atomic
def forum_meeting_update(*, meeting: ForumMeeting, user, starts_at, venue: str, agenda: str,
                         ends_at=None) -> ForumMeeting:
    meeting = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == ForumMeeting.Status.CANCELLED:
        raise ValidationError(CANCELLED_MEETING)
    _check_times(starts_at, ends_at)
    meeting.starts_at, meeting.ends_at, meeting.venue, meeting.agenda = starts_at, ends_at, venue, agenda
    meeting.full_clean()
    meeting._history_user = user
    meeting.save()
    return meeting


@transaction.atomic
def forum_meeting_record(*, meeting: ForumMeeting, user, minutes: str, attendance_count: int,
                         organisations=(), now=None) -> ForumMeeting:
    """Record a held meeting: its minutes, how many came and which organisations."""
    meeting = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == ForumMeeting.Status.CANCELLED:
        raise ValidationError(CANCELLED_MEETING)
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError(RECORD_BEFORE_START)
    meeting.status = ForumMeeting.Status.HELD
    meeting.minutes, meeting.attendance_count = minutes, attendance_count
    meeting.full_clean()
    meeting._history_user = user
    meeting.save()
    meeting.organisations_attending.set(organisations)
    return meeting


@transaction.atomic
def forum_meeting_cancel(*, meeting: ForumMeeting, user) -> ForumMeeting:
    meeting = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == ForumMeeting.Status.HELD:
        raise ValidationError(CANCEL_HELD_MEETING)
    if meeting.status == ForumMeeting.Status.CANCELLED:
        return meeting  # already cancelled: nothing changes, nothing to add to its history
    meeting.status = ForumMeeting.Status.CANCELLED
    meeting._history_user = user
    meeting.save()
    return meeting
