"""Ward Forum meetings as an iCalendar feed (RFC 5545), so residents and partners can follow a
ward's meetings in their own calendar. The few parts of the format a feed of events needs are
small enough to write here, without a library."""

import datetime
from collections.abc import Iterable

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than this are folded
PRODID = "-//Birmingham City Council//Localism ward forums//EN"
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime.datetime) -> str:
    """A DATE-TIME in UTC, the "Z" form: 20260303T183000Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character;
    each continuation line starts with a space (which counts towards its 75)."""
    if len(line.encode()) <= LINE_OCTETS:
        return line
    lines, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_OCTETS:
            lines.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    lines.append("".join(current))
    return CRLF.join(lines)


def meeting_event(meeting, *, url: str, stamp: datetime.datetime) -> list[str]:
    """One VEVENT for a forum meeting (its forum already loaded). Unfolded lines."""
    cancelled = meeting.status == "cancelled"
    summary = meeting.forum.name + (" (cancelled)" if cancelled else "")
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@localism",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(meeting.venue)}",
    ]
    if meeting.agenda:
        lines.append(f"DESCRIPTION:{escape_text(meeting.agenda)}")
    lines += [
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
    ]
    return lines


def calendar(*, name: str, events: Iterable[list[str]]) -> str:
    """A VCALENDAR of the given events, folded, with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
