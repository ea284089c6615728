"""Writes of Ward Forums and their meetings: scheduled, changed, recorded once held, or cancelled.

The councillors of a forum's wards (and admins) run its meetings; each service checks it."""

from django.db import transaction
from django.utils import timezone

from localism.core.errors import Invalid
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import ForumMeeting, WardForum

RECORD_BEFORE_START = "You can record a meeting once it has started."
CANCELLED_MEETING = "This meeting was cancelled: schedule a new one instead."
MEETING_ENDS_BEFORE_START = "The meeting must end after it starts."
CANCEL_HELD_MEETING = "This meeting has been held, so it cannot be cancelled."
NOT_YOUR_FORUM = "You can only schedule meetings of forums for wards where you hold a seat."
NOT_YOUR_MEETING = "You can only change meetings of forums for wards where you hold a seat."
FORUM_REFUSED = "Only an administrator can set up a Ward Forum."


def _check_times(starts_at, ends_at) -> None:
    if ends_at and ends_at <= starts_at:
        raise Invalid({"ends_at": MEETING_ENDS_BEFORE_START})


def _require_meeting(user, meeting: ForumMeeting) -> None:
    require(user, "wards.change_forummeeting", meeting, NOT_YOUR_MEETING)


@transaction.atomic
def ward_forum_create(*, user, name: str, wards, description: str = "", members=(),
                      is_demo: bool = False) -> WardForum:
    """Set up a Ward Forum for one ward or several neighbouring wards (admins do)."""
    require(user, "wards.add_wardforum", None, FORUM_REFUSED)
    return audited_create(WardForum(name=name, description=description, is_demo=is_demo), user=user,
                          many={"wards": list(wards), "member_organisations": list(members)})


@transaction.atomic
def forum_meeting_schedule(*, forum: WardForum, user, starts_at, venue: str, agenda: str = "",
                           ends_at=None, is_demo: bool = False) -> ForumMeeting:
    require(user, "wards.change_wardforum", forum, NOT_YOUR_FORUM)
    _check_times(starts_at, ends_at)
    return audited_create(ForumMeeting(forum=forum, starts_at=starts_at, ends_at=ends_at, venue=venue,
                                       agenda=agenda, created_by=user, is_demo=is_demo), user=user)



@transaction.atomic
def forum_meeting_update(*, meeting: ForumMeeting, user, **changes) -> ForumMeeting:
    """Change what is given of a meeting's starts_at, ends_at, venue and agenda."""
    unknown = set(changes) - {"starts_at", "ends_at", "venue", "agenda"}
    if unknown:
        raise TypeError(f"forum_meeting_update() cannot change {', '.join(sorted(unknown))}")
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status == ForumMeeting.Status.CANCELLED:
        raise Invalid(CANCELLED_MEETING)
    _check_times(changes.get("starts_at", current.starts_at), changes.get("ends_at", current.ends_at))
    return versioned_save(ForumMeeting, meeting.pk, user=user, version=None, thing="meeting", changes=changes,
                          bump=False)


@transaction.atomic
def forum_meeting_record(*, meeting: ForumMeeting, user, minutes: str, attendance_count: int,
                         organisations=(), now=None) -> ForumMeeting:
    """Record a held meeting: its minutes, how many came and which organisations."""
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status == ForumMeeting.Status.CANCELLED:
        raise Invalid(CANCELLED_MEETING)
    if current.starts_at > (now or timezone.now()):
        raise Invalid(RECORD_BEFORE_START)
    return versioned_save(ForumMeeting, meeting.pk, user=user, version=None, thing="meeting", bump=False,
                          changes={"status": ForumMeeting.Status.HELD, "minutes": minutes,
                                   "attendance_count": attendance_count},
                          many={"organisations_attending": list(organisations)})


@transaction.atomic
def forum_meeting_cancel(*, meeting: ForumMeeting, user) -> ForumMeeting:
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status == ForumMeeting.Status.HELD:
        raise Invalid(CANCEL_HELD_MEETING)
    if current.status == ForumMeeting.Status.CANCELLED:
        return current  # already cancelled: nothing changes, nothing to add to its history
    return versioned_save(ForumMeeting, meeting.pk, user=user, version=None, thing="meeting", bump=False,
                          changes={"status": ForumMeeting.Status.CANCELLED})
