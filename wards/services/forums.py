"""Writes of Ward Forums and their meetings: a forum set up and changed by its wards'
councillors; meetings scheduled, changed, recorded once held (minutes typed or attached as a
file), or cancelled with a reason.

The councillors of a forum's wards (and admins) run it; each service checks it."""

import datetime
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from localism.core.errors import Conflict, Invalid
from localism.core.services import audited_create, lock, require, versioned_save

from ..models import ForumMeeting, WardForum

RECORD_BEFORE_START = "You can record a meeting once it has started."
CANCELLED_MEETING = "This meeting was cancelled: schedule a new one instead."
MEETING_ENDS_BEFORE_START = "The meeting must end after it starts."
MEETING_IN_THE_PAST = "The meeting must start in the future: enter a date and time that have not passed yet."
CANCEL_HELD_MEETING = "This meeting has been held, so it cannot be cancelled."
CANCEL_REASON_MISSING = "Enter why the meeting is cancelled"
NOT_YOUR_FORUM = "You can only schedule meetings of forums for wards where you hold a seat."
NOT_YOUR_MEETING = "You can only change meetings of forums for wards where you hold a seat."
FORUM_REFUSED = ("You can only set up a Ward Forum for wards where you hold a seat: a forum shared by several "
                 "wards needs a councillor of each of them.")
FORUM_CHANGE_REFUSED = "You can only change the Ward Forums of wards where you hold a seat."
FORUM_WARDS_REFUSED = ("You can only add or remove wards where you hold a seat: ask a councillor of "
                       "that ward to make the change.")
FORUM_NAME_MISSING = "Enter the name of the forum"
FORUM_WARDS_MISSING = "Choose at least one ward the forum covers"
DUPLICATE_SAME_START = "{forum} already has a meeting at {when}."
DUPLICATE_SAME_DAY = "{forum} already has a meeting at {venue} on {day}."
MINUTES_FILE_NOT_HELD = "You can attach minutes once the meeting has been recorded as held."
MINUTES_FILE_MISSING = "Choose a file of the minutes"
MINUTES_FILE_TYPE = "The minutes must be a PDF or Word file (.pdf, .docx or .doc)"
MINUTES_FILE_CONTENT = "The file is not a real {kind} file: save the minutes as PDF or Word and try again"
MINUTES_FILE_TOO_BIG = "The file must be smaller than {limit} MB"
MINUTES_FILE_EMPTY = "The file is empty"

# What a minutes file's first bytes must be for its extension.
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MINUTES_FILE_KINDS = {".pdf": "PDF", ".docx": "Word", ".doc": "Word"}


class DuplicateMeeting(Conflict):
    """The forum already has a meeting at that time, or at that venue that day: scheduling
    another needs the scheduler to say it is meant (`confirm_duplicate=True`)."""


def _check_times(starts_at, ends_at) -> None:
    if ends_at and ends_at <= starts_at:
        raise Invalid({"ends_at": MEETING_ENDS_BEFORE_START})


def _check_future(starts_at, now=None) -> None:
    if starts_at < (now or timezone.now()):
        raise Invalid({"starts_at": MEETING_IN_THE_PAST})


def _require_meeting(user, meeting: ForumMeeting) -> None:
    require(user, "wards.change_forummeeting", meeting, NOT_YOUR_MEETING)


def _check_forum(name: str, wards: list) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = FORUM_NAME_MISSING
    if not wards:
        errors["wards"] = FORUM_WARDS_MISSING
    if errors:
        raise Invalid(errors)


@transaction.atomic
def ward_forum_create(*, user, name: str, wards, description: str = "", members=(),
                      is_demo: bool = False) -> WardForum:
    """Set up a Ward Forum for one ward or several neighbouring wards: an admin, or a councillor
    of each of its wards."""
    wards = list(wards)
    _check_forum(name, wards)
    require(user, "wards.add_wardforum", wards, FORUM_REFUSED)
    return audited_create(WardForum(name=name.strip(), description=description, is_demo=is_demo), user=user,
                          many={"wards": wards, "member_organisations": list(members)})


@transaction.atomic
def ward_forum_update(*, forum: WardForum, user, name: str, wards, description: str = "",
                      members=()) -> WardForum:
    """Change a forum's name, description, wards and member organisations. Its councillors
    change the details; each ward added or removed needs the editor to hold a seat there."""
    wards = list(wards)
    require(user, "wards.change_wardforum", forum, FORUM_CHANGE_REFUSED)
    _check_forum(name, wards)
    current = lock(WardForum, forum.pk)
    changed = set(current.wards.all()) ^ set(wards)
    if changed:
        require(user, "wards.add_wardforum", changed, FORUM_WARDS_REFUSED)
    return versioned_save(WardForum, forum.pk, user=user, version=None, thing="forum", bump=False,
                          changes={"name": name.strip(), "description": description},
                          many={"wards": wards, "member_organisations": list(members)})


def duplicate_of(forum: WardForum, starts_at: datetime.datetime, venue: str, *, exclude=None) -> str | None:
    """What another meeting of the forum has in common with this one (the same start, or the
    same venue on the same day), as a message; None when nothing. Cancelled meetings do not count."""
    others = forum.meetings.exclude(status=ForumMeeting.Status.CANCELLED)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    day = timezone.localdate(starts_at)
    when = timezone.localtime(starts_at)
    if others.filter(starts_at=starts_at).exists():
        return DUPLICATE_SAME_START.format(forum=forum.name, when=f"{when:%-H:%M} on {when:%A %-d %B %Y}")
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    same_day = others.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
    if other := same_day.filter(venue__iexact=venue.strip()).first():
        return DUPLICATE_SAME_DAY.format(forum=forum.name, venue=other.venue, day=f"{when:%A %-d %B %Y}")
    return None


@transaction.atomic
def forum_meeting_schedule(*, forum: WardForum, user, starts_at, venue: str, agenda: str = "",
                           ends_at=None, confirm_duplicate: bool = False, allow_past: bool = False,
                           is_demo: bool = False, now=None) -> ForumMeeting:
    """Schedule a meeting. It must start in the future (`allow_past` only for loading meetings
    already held, as the demonstration data does). A second meeting at the same time, or at the
    same venue on the same day, is refused as a DuplicateMeeting unless `confirm_duplicate`."""
    require(user, "wards.change_wardforum", forum, NOT_YOUR_FORUM)
    _check_times(starts_at, ends_at)
    if not allow_past:
        _check_future(starts_at, now)
    meeting = ForumMeeting(forum=forum, starts_at=starts_at, ends_at=ends_at, venue=venue, agenda=agenda,
                           created_by=user, is_demo=is_demo)
    meeting.full_clean()  # within the meetings' window before any date arithmetic
    lock(WardForum, forum.pk)  # two schedulers of one forum take turns, so both see each other's meeting
    if not confirm_duplicate and (duplicate := duplicate_of(forum, starts_at, venue)):
        raise DuplicateMeeting(duplicate)
    return audited_create(meeting, user=user)


@transaction.atomic
def forum_meeting_update(*, meeting: ForumMeeting, user, now=None, **changes) -> ForumMeeting:
    """Change what is given of a meeting's starts_at, ends_at, venue and agenda. A new start must
    be in the future."""
    unknown = set(changes) - {"starts_at", "ends_at", "venue", "agenda"}
    if unknown:
        raise TypeError(f"forum_meeting_update() cannot change {', '.join(sorted(unknown))}")
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status == ForumMeeting.Status.CANCELLED:
        raise Invalid(CANCELLED_MEETING)
    _check_times(changes.get("starts_at", current.starts_at), changes.get("ends_at", current.ends_at))
    if "starts_at" in changes and changes["starts_at"] != current.starts_at:
        _check_future(changes["starts_at"], now)
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


def _check_minutes_file(upload) -> None:
    """Refuse a file that is too big, not named .pdf, .docx or .doc, or whose content is not
    what its name says (the first bytes, and for .docx a Word document inside the zip)."""
    if upload is None:
        raise Invalid({"minutes_file": MINUTES_FILE_MISSING})
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in MINUTES_FILE_KINDS:
        raise Invalid({"minutes_file": MINUTES_FILE_TYPE})
    limit = settings.MINUTES_FILE_MAX_BYTES
    if upload.size > limit:
        raise Invalid({"minutes_file": MINUTES_FILE_TOO_BIG.format(limit=f"{limit / 1024 / 1024:g}")})
    if upload.size == 0:
        raise Invalid({"minutes_file": MINUTES_FILE_EMPTY})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        real = head.startswith(PDF_MAGIC)
    elif extension == ".doc":
        real = head == OLE_MAGIC
    else:
        real = head.startswith(ZIP_MAGIC) and _is_word_zip(upload)
    if not real:
        raise Invalid({"minutes_file": MINUTES_FILE_CONTENT.format(kind=MINUTES_FILE_KINDS[extension])})


def _is_word_zip(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith("word/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


@transaction.atomic
def forum_meeting_attach_minutes(*, meeting: ForumMeeting, user, upload) -> ForumMeeting:
    """Attach the minutes of a held meeting as a PDF or Word file, kept under a generated name.
    A file refused changes nothing; a new file replaces the old one (which the history keeps)."""
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status != ForumMeeting.Status.HELD:
        raise Invalid(MINUTES_FILE_NOT_HELD)
    _check_minutes_file(upload)
    return versioned_save(ForumMeeting, meeting.pk, user=user, version=None, thing="meeting", bump=False,
                          changes={"minutes_file": upload})


@transaction.atomic
def forum_meeting_cancel(*, meeting: ForumMeeting, user, reason: str) -> ForumMeeting:
    """Cancel a planned meeting, saying why: the reason shows wherever the meeting is listed."""
    _require_meeting(user, meeting)
    current = lock(ForumMeeting, meeting.pk)
    if current.status == ForumMeeting.Status.HELD:
        raise Invalid(CANCEL_HELD_MEETING)
    if current.status == ForumMeeting.Status.CANCELLED:
        return current  # already cancelled: nothing changes, nothing to add to its history
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"cancellation_reason": CANCEL_REASON_MISSING})
    return versioned_save(ForumMeeting, meeting.pk, user=user, version=None, thing="meeting", bump=False,
                          changes={"status": ForumMeeting.Status.CANCELLED, "cancellation_reason": reason})
