"""Forms for Ward Forum meetings: schedule or change one, record it once held, cancel it."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from localism.accounts.models import Organisation
from localism.core.dates import EVENTS, local_moment
from localism.core.forms import BoundedModelMultipleChoiceField, ServiceForm, text_field

from ..models import ForumMeeting

DATE_MISSING = "Enter the date of the meeting"
DATE_INCOMPLETE = "The date of the meeting must include a {parts}"
DATE_NOT_REAL = "The date of the meeting must be a real date"
YEAR_NOT_FOUR_DIGITS = "Year must include 4 numbers"
DATE_OUT_OF_RANGE = "The date of the meeting must be between {first:%-d %B %Y} and {last:%-d %B %Y}"
START_TIME_MISSING = "Enter the time the meeting starts"
VENUE_MISSING = "Enter where the meeting will be held"
MINUTES_MISSING = "Enter the minutes of the meeting"
ATTENDANCE_MISSING = "Enter how many people attended"
ATTENDANCE_NOT_NUMBER = "Enter how many people attended as a whole number, like 25"
ATTENDANCE_NEGATIVE = "The number of people who attended must be 0 or more"

DATE_PARTS = ("day", "month", "year")


class MeetingForm(ServiceForm):
    """When and where a forum meets, and what it will discuss. The date is a GOV.UK date input
    (day, month, year); times are typed, like 18:30, and read as UK time."""

    # No max_length on the date and times: clean() explains every way they can be wrong.
    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)
    start_time = forms.CharField(label="Start time", error_messages={"required": START_TIME_MISSING})
    end_time = forms.CharField(label="End time (optional)", required=False)
    venue = text_field(ForumMeeting, "venue", label="Venue", error_messages={"required": VENUE_MISSING})
    agenda = text_field(ForumMeeting, "agenda", label="Agenda (optional)", required=False, textarea=True)

    service_fields = {"starts_at": "day", "ends_at": "end_time", "venue": "venue", "agenda": "agenda"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_error_parts: set[str] = set()  # which of day, month, year to mark in error

    @classmethod
    def initial_for(cls, meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
        return {"day": starts.day, "month": starts.month, "year": starts.year,
                "start_time": f"{starts:%H:%M}", "end_time": f"{ends:%H:%M}" if ends else "",
                "venue": meeting.venue, "agenda": meeting.agenda}

    @property
    def date_inputs(self) -> list:
        """The date's parts with their GOV.UK input widths, for the date input."""
        return [(self["day"], 2), (self["month"], 2), (self["year"], 4)]

    @property
    def date_errors(self) -> list[str]:
        return [error for part in DATE_PARTS for error in self.errors.get(part, [])]

    def _date_error(self, message: str, parts) -> None:
        self.date_error_parts = set(parts)
        self.add_error(next(p for p in DATE_PARTS if p in parts), message)

    def _clean_date(self) -> datetime.date | None:
        values = {part: (self.cleaned_data.get(part) or "").strip() for part in DATE_PARTS}
        missing = [part for part in DATE_PARTS if not values[part]]
        if len(missing) == len(DATE_PARTS):
            return self._date_error(DATE_MISSING, DATE_PARTS)
        if missing:
            return self._date_error(DATE_INCOMPLETE.format(parts=" and ".join(missing)), missing)
        if not all(value.isdigit() for value in values.values()):
            return self._date_error(DATE_NOT_REAL, [p for p in DATE_PARTS if not values[p].isdigit()])
        if len(values["year"]) != 4:
            return self._date_error(YEAR_NOT_FOUR_DIGITS, ["year"])
        first, last = EVENTS.bounds()  # the meetings' window, as the model checks it
        if not first.year <= int(values["year"]) <= last.year:
            return self._date_error(DATE_OUT_OF_RANGE.format(first=first, last=last), ["year"])
        try:
            return datetime.date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            return self._date_error(DATE_NOT_REAL, DATE_PARTS)

    def clean(self):
        cleaned = super().clean()
        date = self._clean_date()
        start, end = self.typed_time("start_time"), self.typed_time("end_time")
        if date and start:
            # A time the clocks skip (01:30 when they go forward) gets a clear message.
            for name, key, time in (("start_time", "starts_at", start), ("end_time", "ends_at", end)):
                try:
                    cleaned[key] = local_moment(date, time) if time else None
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def meeting_fields(self) -> dict:
        """The cleaned data as the services take it."""
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "venue": data["venue"],
                "agenda": data["agenda"]}


class RecordMeetingForm(ServiceForm):
    """What happened at a held meeting: its minutes, how many came and which of the forum's
    member organisations were there."""

    minutes = text_field(ForumMeeting, "minutes", label="Minutes", textarea=True,
                         error_messages={"required": MINUTES_MISSING})
    attendance_count = forms.IntegerField(
        label="How many people attended", min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": ATTENDANCE_MISSING, "invalid": ATTENDANCE_NOT_NUMBER,
                        "min_value": ATTENDANCE_NEGATIVE},
    )
    organisations = BoundedModelMultipleChoiceField(
        label="Organisations that attended", required=False, queryset=Organisation.objects.none(),
    )  # shown as GOV.UK checkboxes by includes/checkboxes_field.html

    service_fields = {"minutes": "minutes", "attendance_count": "attendance_count",
                      "organisations_attending": "organisations"}

    def __init__(self, *args, meeting, **kwargs):
        kwargs.setdefault("initial", {
            "minutes": meeting.minutes, "attendance_count": meeting.attendance_count,
            "organisations": [org.pk for org in meeting.organisations_attending.all()],
        })
        super().__init__(*args, **kwargs)
        # The forum's members, and any organisation recorded before it left the forum.
        self.fields["organisations"].queryset = Organisation.objects.filter(
            Q(forums=meeting.forum_id) | Q(meetings_attended=meeting.pk)
        ).distinct().order_by("name")


class CancelMeetingForm(ServiceForm):
    """Nothing to fill in: the confirmation is the POST itself. Carries the service's refusal."""
