"""Forms of the hub officers' and partners' pages: booking a space, choosing a period or a week,
and recording an occupancy. Dates are typed as day/month/year, times as 24-hour times."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from localism.accounts.models import Organisation
from localism.core.dates import EVENTS, as_typed, local_moment
from localism.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    MoneyField,
    ServiceForm,
    date_field,
    text_field,
)

from ..models import Booking, Occupancy, Space, phone_validator
from ..selectors import check_period
from ..services import CONTACT_FIELDS, SCOPE_INVALID, UNTIL_MISSING

START_MISSING = "Enter the time the booking starts"
END_MISSING = "Enter the time the booking ends"
SPACE_MISSING = "Choose a space"
PURPOSE_MISSING = "Enter what the booking is for"
ATTENDEES_MISSING = "Enter how many people are expected"
ATTENDEES_INVALID = "Enter how many people are expected as a whole number, like 12"
ATTENDEES_TOO_FEW = "At least 1 person must be expected"
CHARGE_INVALID = "Enter the yearly charge in pounds, like 12,500"


class BookingForm(ServiceForm):
    """A space, a day and a time, what for and for whom, and whether it repeats. The spaces this
    user may book are offered, but any of the hub's is accepted: the booking service says who may
    book what (a refusal, answered 403). Only staff choose the organisation the booking is for."""

    REPEATS = [("0", "Does not repeat"), ("1", "Every week"), ("2", "Every fortnight")]

    space = BoundedModelChoiceField(queryset=None, label="Space", empty_label="Choose a space",
                                    error_messages={"required": SPACE_MISSING,
                                                    "invalid_choice": "Choose one of the spaces listed"})
    # Bookings are made within the bookings' window, as the model keeps them.
    date = date_field("Date", validators=[EVENTS])
    start_time = forms.CharField(label="Start time", error_messages={"required": START_MISSING})
    end_time = forms.CharField(label="End time", error_messages={"required": END_MISSING})
    purpose = text_field(Booking, "purpose", label="What it is for", error_messages={"required": PURPOSE_MISSING})
    attendees = forms.IntegerField(label="How many people", min_value=1,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
                                   error_messages={"required": ATTENDEES_MISSING, "invalid": ATTENDEES_INVALID,
                                                   "min_value": ATTENDEES_TOO_FEW})
    organisation = BoundedModelChoiceField(queryset=Organisation.objects.order_by("name"), required=False,
                                           label="Organisation (optional)", empty_label="No organisation")
    booked_for = text_field(Booking, "booked_for", label="Person or group it is for (optional)", required=False,
                            what="The person or group it is for")
    # Whether a contact is needed (partners' and community groups' bookings) is the service's rule.
    contact_name = text_field(Booking, "contact_name", label="Name of the person responsible on the day",
                              required=False, what="The contact's name")
    contact_phone = text_field(Booking, "contact_phone", label="Their phone number", required=False,
                               what="The phone number", validators=[phone_validator])
    contact_email = forms.EmailField(label="Their email address", required=False,
                                     max_length=Booking._meta.get_field("contact_email").max_length,
                                     error_messages={"invalid": "Enter an email address, like name@example.org",
                                                     "max_length": "The email address must be 254 characters "
                                                                   "or fewer"})
    repeat = forms.ChoiceField(label="Repeat", choices=REPEATS, required=False, initial="0")
    until = date_field("Until (the date of the last booking)", required=False, missing=UNTIL_MISSING,
                       validators=[EVENTS])

    _service_fields = {"space": "space", "starts_at": "start_time", "ends_at": "end_time", "purpose": "purpose",
                       "attendees": "attendees", "organisation": "organisation", "booked_for": "booked_for",
                       "until": "until", "contact_name": "contact_name", "contact_phone": "contact_phone",
                       "contact_email": "contact_email"}

    def __init__(self, *args, spaces, offered, staff: bool, for_someone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["space"]
        field.queryset = spaces
        field.choices = [("", field.empty_label)] + [
            (s.pk, f"{s.name} ({s.get_kind_display().lower()}, up to {s.capacity} people)") for s in offered]
        if not staff:
            del self.fields["organisation"]
        if not for_someone:
            del self.fields["booked_for"]
        # A service's refusal shows against the field it concerns, when the form has it.
        self.service_fields = {k: v for k, v in self._service_fields.items() if v in self.fields}

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), self.typed_time("start_time"), self.typed_time("end_time")
        if day and start and end:
            for name, time, key in (("start_time", start, "starts_at"), ("end_time", end, "ends_at")):
                try:
                    cleaned[key] = local_moment(day, time)
                except ValidationError as error:
                    self.add_error(name, error)
        # Whether the times, the last date and the rest can be booked is the service's to say.
        cleaned["every_weeks"] = int(cleaned.get("repeat") or 0)
        return cleaned

    def booking_fields(self) -> dict:
        """The cleaned data as the booking services take it."""
        data = self.cleaned_data
        fields = {"space": data["space"], "starts_at": data["starts_at"], "ends_at": data["ends_at"],
                  "purpose": data["purpose"], "attendees": data["attendees"],
                  "organisation": data.get("organisation"), "booked_for": data.get("booked_for", ""),
                  "contact": {name: data.get(name) or "" for name in CONTACT_FIELDS}}
        if data.get("every_weeks"):
            fields.update(every_weeks=data["every_weeks"], until=data.get("until"))
        return fields


class BookingChangeForm(BookingForm):
    """A booking's new time, space, numbers or details: the booking form without repeating."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["repeat"], self.fields["until"]

    @classmethod
    def initial_for(cls, booking: Booking) -> dict:
        start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
        return {"space": booking.space_id, "date": as_typed(start.date()), "start_time": f"{start:%H:%M}",
                "end_time": f"{end:%H:%M}", "purpose": booking.purpose, "attendees": booking.attendees,
                "organisation": booking.organisation_id, "booked_for": booking.booked_for,
                "contact_name": booking.contact_name, "contact_phone": booking.contact_phone,
                "contact_email": booking.contact_email}


class SeriesCancelForm(ServiceForm):
    """Which dates of a repeating booking to cancel, and why."""

    SCOPES = [("one", "Only this date"), ("following", "This date and the later ones"),
              ("all", "Every date still to come")]

    scope = forms.ChoiceField(label="Which dates do you want to cancel?", choices=SCOPES, widget=forms.RadioSelect,
                              error_messages={"required": SCOPE_INVALID, "invalid_choice": SCOPE_INVALID})
    note = text_field(Booking, "decision_note", label="Reason (optional)", required=False, what="The reason")
    service_fields = {"scope": "scope", "note": "note"}


class _PeriodForm(forms.Form):
    """A period of figures; whether it may be that long is the utilisation selector's rule."""

    def __init__(self, data, *, default: tuple[datetime.date, datetime.date]):
        if data is None or not ("from" in data or "to" in data):
            data = {"from": as_typed(default[0]), "to": as_typed(default[1])}
        super().__init__(data)
        self.default = default

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end:
            try:
                check_period(start, end)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for, or the default one when it cannot be read."""
        if self.is_valid():
            return self.cleaned_data["from"], self.cleaned_data["to"]
        return self.default


# The period a hub's utilisation is worked out for: GET parameters `from` and `to` (a keyword
# in Python, hence the class built by name).
PeriodForm = type("PeriodForm", (_PeriodForm,), {"from": date_field("From"), "to": date_field("To")})


class OccupancyForm(ServiceForm):
    """An organisation's occupancy of some of a hub's spaces, under an agreement."""

    organisation = BoundedModelChoiceField(queryset=Organisation.objects.order_by("name"), label="Organisation",
                                           empty_label="Choose an organisation",
                                           error_messages={"required": "Choose the organisation"})
    spaces = BoundedModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                             label="Spaces it occupies", required=False)
    agreement = forms.ChoiceField(choices=Occupancy.Agreement.choices, label="Agreement",
                                  error_messages={"required": "Choose the kind of agreement"})
    starts_on = date_field("Starts on", missing="Enter the date the agreement starts")
    ends_on = date_field("Ends on (optional)", required=False)
    break_date = date_field("Break date (optional)", required=False)
    yearly_charge = MoneyField(label="Yearly charge, in pounds", allow_zero=True, initial=0,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
                               error_messages={"required": "Enter the yearly charge, or 0",
                                               "invalid": CHARGE_INVALID,
                                               "not_positive": "The yearly charge cannot be negative"})
    status = forms.ChoiceField(choices=Occupancy.Status.choices, label="Status", initial=Occupancy.Status.ACTIVE)
    notes = text_field(Occupancy, "notes", label="Notes (optional)", required=False, textarea=True)

    service_fields = {name: name for name in ("organisation", "spaces", "agreement", "starts_on", "ends_on",
                                              "break_date", "yearly_charge", "status", "notes")}

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spaces"].queryset = hub.spaces.order_by("name")

    @classmethod
    def initial_for(cls, occupancy: Occupancy) -> dict:
        return {"organisation": occupancy.organisation_id, "spaces": [s.pk for s in occupancy.spaces.all()],
                "agreement": occupancy.agreement, "starts_on": as_typed(occupancy.starts_on),
                "ends_on": as_typed(occupancy.ends_on), "break_date": as_typed(occupancy.break_date),
                "yearly_charge": occupancy.yearly_charge, "status": occupancy.status, "notes": occupancy.notes}


class DecisionForm(ServiceForm):
    # Turning a request down needs a reason: the booking service says so.
    note = text_field(Booking, "decision_note", label="Note (optional)", required=False, what="The note")
    service_fields = {"note": "note"}


class WeekForm(forms.Form):
    """Which week of a hub to show: any day of it (GET parameter `date`)."""

    date = date_field("Go to the week of", required=False, validators=[EVENTS])

    def week_of(self, today: datetime.date) -> datetime.date:
        day = self.cleaned_data.get("date") if self.is_valid() else None
        return day or today


class FreeBusyForm(forms.Form):
    """Which space's week to show beside the booking form (GET parameters `space` and `week`)."""

    space = BoundedModelChoiceField(queryset=None, label="Space to see free and busy times for", required=False,
                                    empty_label="Choose a space",
                                    error_messages={"invalid_choice": "Choose one of the spaces listed"})
    week = date_field("Week of", required=False, validators=[EVENTS])

    def __init__(self, data, *, offered):
        super().__init__(data, auto_id="freebusy-%s")
        field = self.fields["space"]
        field.queryset = Space.objects.filter(pk__in=[s.pk for s in offered]).select_related("hub")
        field.choices = [("", field.empty_label)] + [(s.pk, s.name) for s in offered]
