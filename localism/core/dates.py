"""Dates and times as the domain allows them, and as people type them.

A `Window` is the range of dates a kind of record may fall in, counted in years from today (a
meeting or a booking within the next 5 years and the past 10, say). The same window validates a
form, an API field and the service itself, so the three never disagree.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 31/3/2027"
DATE_INVALID = "Enter the date as day/month/year, like 31/3/2027"
TIME_NOT_REAL = "Enter the time as a 24-hour time, like 18:30"
OUT_OF_WINDOW = "Enter a date between {first:%-d %B %Y} and {last:%-d %B %Y}"
TIME_DOES_NOT_EXIST = ("{time:%H:%M} on {day:%-d %B %Y} does not exist in UK time: the clocks go forward an hour "
                       "at 01:00. Choose another time.")

TIME_24H = re.compile(r"^(\d{1,2})[:.](\d{2})$")
TIME_12H = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """A time as people write it: 18:30, 18.30, 6:30pm or 6pm. None when it is not one."""
    text = (text or "").strip()
    if match := TIME_24H.match(text):
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := TIME_12H.match(text):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    else:
        return None
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A UK wall-clock time on a day, as an aware datetime. A time the clocks skip (01:30 on
    the last Sunday of March) is refused with a clear message rather than guessed."""
    naive = datetime.datetime.combine(day, time)
    tz = timezone.get_current_timezone()
    aware = timezone.make_aware(naive, tz)
    # A skipped time does not survive the round trip to UTC and back.
    if aware.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValidationError(TIME_DOES_NOT_EXIST.format(time=time, day=day), code="nonexistent")
    return aware


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same day and time `years` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def as_typed(day: datetime.date | None) -> str:
    """A date as the forms' text inputs show it."""
    return f"{day:%d/%m/%Y}" if day else ""


@deconstructible
class Window:
    """Dates from `past` years before today to `future` years after it, inclusive."""

    def __init__(self, *, past: int, future: int):
        self.past, self.future = past, future

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return (today.replace(year=today.year - self.past, month=1, day=1),
                today.replace(year=today.year + self.future, month=12, day=31))

    def __call__(self, value) -> None:
        if value is None:
            return
        day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
        first, last = self.bounds()
        if not first <= day <= last:
            raise ValidationError(OUT_OF_WINDOW.format(first=first, last=last), code="out_of_window")

    def __eq__(self, other):
        return isinstance(other, Window) and (self.past, self.future) == (other.past, other.future)


# The windows of the domain: meetings and bookings are planned at most 5 years ahead and
# recorded at most 10 years back; agreements (leases) run longer.
EVENTS = Window(past=10, future=5)
AGREEMENTS = Window(past=30, future=99)
