"""Forms for Ward Forum meetings: schedule or change one, record it once held, cancel it."""

import datetime
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone

from localism.accounts.models import Organisation

DATE_MISSING = "Enter the date of the meeting"
DATE_INCOMPLETE = "The date of the meeting must include a {parts}"
DATE_NOT_REAL = "The date of the meeting must be a real date"
YEAR_NOT_FOUR_DIGITS = "Year must include 4 numbers"
YEARS = range(2000, 2100)
DATE_OUT_OF_RANGE = "The date of the meeting must be between 2000 and 2099"
START_TIME_MISSING = "Enter the time the meeting starts"
TIME_NOT_REAL = "Enter the time as a 24-hour time, like 18:30"
VENUE_MISSING = "Enter where the meeting will be held"
MINUTES_MISSING = "Enter the minutes of the meeting"
ATTENDANCE_MISSING = "Enter how many people attended"
ATTENDANCE_NOT_NUMBER = "Enter how many people attended as a whole number, like 25"
ATTENDANCE_NEGATIVE = "The number of people who attended must be 0 or more"

DATE_PARTS = ("day", "month", "year")
TIME_24H = re.compile(r"^(\d{1,2})[:.](\d{2})$")
TIME_12H = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$", re.IGNORECASE)


def parse_time(text: str) -> datetime.time | None:
    """A time as people write it: 18:30, 18.30, 6:30pm or 6pm. None when it is not one."""
    text = text.strip()
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


class ServiceErrorsForm(forms.Form):
    """A form whose data goes to a service: the service's ValidationErrors show on the form,
    against the field they concern, so the page answers with the error summary, never a 500."""

    # model field name -> form field name; anything else shows above the form
    service_fields: dict[str, str] = {}

    def typed_time(self, name: str) -> datetime.time | None:
        """The time typed into a text field (18:30, 6.30pm, 6pm), or None with the field's error."""
        text = self.cleaned_data.get(name)
        if not text:
            return None
        time = parse_time(text)
        if time is None:
            self.add_error(name, TIME_NOT_REAL)
        return time

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                field = self.service_fields.get(name) if name != NON_FIELD_ERRORS else None
                for message in messages:
                    self.add_error(field, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class MeetingForm(ServiceErrorsForm):
    """When and where a forum meets, and what it will discuss. The date is a GOV.UK date input
    (day, month, year); times are typed, like 18:30, and read as UK time."""

    # No max_length on the date and times: clean() explains every way they can be wrong.
    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)
    start_time = forms.CharField(label="Start time", error_messages={"required": START_TIME_MISSING})
    end_time = forms.CharField(label="End time (optional)", required=False)
    venue = forms.CharField(label="Venue", max_length=300, error_messages={"required": VENUE_MISSING})
    agenda = forms.CharField(label="Agenda (optional)", required=False, widget=forms.Textarea)

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
        if int(values["year"]) not in YEARS:
            return self._date_error(DATE_OUT_OF_RANGE, ["year"])
        try:
            return datetime.date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            return self._date_error(DATE_NOT_REAL, DATE_PARTS)

    def clean(self):
        cleaned = super().clean()
        date = self._clean_date()
        start, end = self.typed_time("start_time"), self.typed_time("end_time")
        if date and start:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(date, end)) if end else None
        return cleaned

    def meeting_fields(self) -> dict:
        """The cleaned data as the services take it."""
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "venue": data["venue"],
                "agenda": data["agenda"]}


class RecordMeetingForm(ServiceErrorsForm):
    """What happened at a held meeting: its minutes, how many came and which of the forum's
    member organisations were there."""

    minutes = forms.CharField(label="Minutes", widget=forms.Textarea,
                              error_messages={"required": MINUTES_MISSING})
    attendance_count = forms.IntegerField(
        label="How many people attended", min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": ATTENDANCE_MISSING, "invalid": ATTENDANCE_NOT_NUMBER,
                        "min_value": ATTENDANCE_NEGATIVE},
    )
    organisations = forms.ModelMultipleChoiceField(
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


class CancelMeetingForm(ServiceErrorsForm):
    """Nothing to fill in: the confirmation is the POST itself. Carries the service's refusal."""
