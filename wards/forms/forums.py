"""Forms for Ward Forums and their meetings: set up or change a forum (with its member
organisations, and a new organisation added on the way), schedule or change a meeting, record it
once held, attach its minutes as a file, cancel it."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from localism.accounts.models import Organisation
from localism.accounts.rules import is_admin
from localism.core.dates import EVENTS, local_moment
from localism.core.forms import BoundedModelMultipleChoiceField, ServiceForm, beyond_range, text_field

from ..models import ForumMeeting, Ward, WardForum
from ..rules import wards_with_seat

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

    # Set by the "Schedule it anyway" button, after the duplicate warning.
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

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


FORUM_NAME_MISSING = "Enter the name of the forum"
FORUM_WARDS_MISSING = "Choose at least one ward the forum covers"
ORGANISATION_NAME_MISSING = "Enter the name of the organisation"
ORGANISATION_KIND_MISSING = "Select what kind of organisation it is"
SEARCH_MAX_LENGTH = 100
PICKER_LIMIT = 50  # organisations listed at once: a search narrows the rest


class CancelMeetingForm(ServiceForm):
    """Why the meeting is cancelled: shown on its page and wherever it is listed."""

    # Not required here: the service says a reason is missing, after it has checked who asks.
    reason = text_field(ForumMeeting, "cancellation_reason", label="Why is the meeting cancelled?", textarea=True,
                        required=False)

    service_fields = {"cancellation_reason": "reason"}


class MinutesFileForm(ServiceForm):
    """The minutes as a PDF or Word file. The service checks its size, type and content."""

    minutes_file = forms.FileField(label="Minutes file", required=False, max_length=200)


def _ids(values) -> list[int]:
    """The whole numbers among `values` that can be ids: what a URL or form sent, made safe."""
    pk = WardForum._meta.pk
    return [int(v) for v in values if str(v).strip().isdigit() and not beyond_range(pk, v)]


class ForumForm(ServiceForm):
    """A forum's name, description, the wards it covers and its member organisations. The wards
    offered are the editor's own (all wards for an admin) and the forum's; the organisations are
    GOV.UK checkboxes narrowed by a search (a GET parameter, so it works without JavaScript)."""

    name = text_field(WardForum, "name", label="Name of the forum", error_messages={"required": FORUM_NAME_MISSING})
    description = text_field(WardForum, "description", label="Description (optional)", required=False,
                             textarea=True)
    wards = BoundedModelMultipleChoiceField(label="Wards the forum covers", queryset=Ward.objects.none(),
                                            error_messages={"required": FORUM_WARDS_MISSING})
    member_organisations = BoundedModelMultipleChoiceField(label="Member organisations", required=False,
                                                           queryset=Organisation.objects.order_by("name"))

    service_fields = {"member_organisations": "member_organisations", "members": "member_organisations"}

    def __init__(self, *args, user, forum=None, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.current().without_geometry().order_by("name")
        if not is_admin(user):
            own = wards_with_seat(user, wards).values("pk")
            wards = wards.filter(Q(pk__in=own) | Q(forums=forum.pk)).distinct() if forum else wards.filter(pk__in=own)
        self.fields["wards"].queryset = wards
        self.search = search[:SEARCH_MAX_LENGTH].strip()

    @classmethod
    def initial_for(cls, forum) -> dict:
        return {"name": forum.name, "description": forum.description,
                "wards": [w.pk for w in forum.wards.all()],
                "member_organisations": [o.pk for o in forum.member_organisations.all()]}

    @classmethod
    def initial_from(cls, data) -> dict:
        """What a search or an added organisation carries over of the form (a GET or POST)."""
        return {"name": data.get("name", "")[:200], "description": data.get("description", "")[:2_000],
                "wards": _ids(data.getlist("wards")),
                "member_organisations": _ids(data.getlist("member_organisations"))}

    def organisation_choices(self) -> dict:
        """The organisations to show as checkboxes: those chosen (always, so a search never drops
        one) then those matching the search, at most PICKER_LIMIT of them."""
        value = self["member_organisations"].value() or []
        chosen_ids = _ids(value if isinstance(value, (list, tuple)) else [value])
        organisations = Organisation.objects.order_by("name")
        chosen = list(organisations.filter(pk__in=chosen_ids))
        others = organisations.exclude(pk__in=chosen_ids)
        if self.search:
            others = others.filter(name__icontains=self.search)
        matches = list(others[:PICKER_LIMIT + 1])
        return {"chosen": chosen, "matches": matches[:PICKER_LIMIT], "more": len(matches) > PICKER_LIMIT}


class OrganisationForm(ServiceForm):
    """A new organisation added from the forum form (prefix "organisation")."""

    name = forms.CharField(label="Name of the organisation", max_length=200,
                           error_messages={"required": ORGANISATION_NAME_MISSING,
                                           "max_length": "The name must be 200 characters or fewer"})
    kind = forms.ChoiceField(label="Kind of organisation", choices=[("", "Select a kind"), *Organisation.Kind.choices],
                             error_messages={"required": ORGANISATION_KIND_MISSING,
                                             "invalid_choice": ORGANISATION_KIND_MISSING})
