"""Forms of a hub's setup pages, where its officers keep its spaces and their rates, its services
and when they run, its opening hours and its closures. Whether the values hang together (spells
that overlap, a closure that ends before it starts) is the setup services' to say."""

import datetime

from django import forms
from django.core.exceptions import ValidationError

from localism.accounts.models import Organisation
from localism.core.dates import EVENTS, as_typed
from localism.core.forms import BoundedModelChoiceField, MoneyField, ServiceForm, date_field, text_field

from ..models import MAX_OCCUPIERS, BookableBy, BookerKind, Closure, HubService, Space, SpaceRate, Weekday
from ..selectors import check_income_year

SPELLS_A_DAY = 3  # e.g. 9 to 12:30, 13:30 to 17 and an evening session
CAPACITY_INVALID = "Enter how many people the space holds as a whole number, like 20"
CAPACITY_TOO_FEW = "A space must hold at least 1 person"
CAPACITY_TOO_MANY = "A space holds 10,000 people at most"
AREA_INVALID = "Enter the floor area in square metres, like 42.5"
AREA_TOO_SMALL = "The floor area must be at least 0.1 m²"
AREA_TOO_LARGE = "The floor area must be less than 1,000,000 m²"
SPELL_HALF = "Enter both the time it opens and the time it closes, or neither"
RATE_INVALID = "Enter the hourly rate in pounds, like 15 or 12.50"
NUMERIC = {"inputmode": "numeric", "spellcheck": "false"}
DECIMAL = {"inputmode": "decimal", "spellcheck": "false"}


class SetupForm(ServiceForm):
    def layout(self):
        """Each field with how the page shows it: text, number, select, radios, textarea, checkbox."""
        spells = getattr(self, "spell_names", set())
        for bound in self:
            if bound.name in spells:
                continue
            widget = bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                kind = "checkbox"
            elif isinstance(widget, forms.RadioSelect):
                kind = "radios"
            elif isinstance(widget, forms.Select):
                kind = "select"
            elif isinstance(widget, forms.Textarea):
                kind = "textarea"
            else:
                kind = "text"
            yield bound, kind


class SpellsMixin:
    """Up to SPELLS_A_DAY spells a day, each an opening and a closing time typed as 24-hour times."""

    def add_spell_fields(self, initial_spells):
        self.spell_names = set()
        for weekday, day in Weekday.choices:
            for n in range(1, SPELLS_A_DAY + 1):
                for part in ("opens", "closes"):
                    self.spell_names.add(f"d{weekday}_{n}_{part}")
                    self.fields[f"d{weekday}_{n}_{part}"] = forms.CharField(
                        label=f"{day}, spell {n}, {part}", required=False, max_length=10,
                        widget=forms.TextInput(attrs={"spellcheck": "false"}))
        counts = {}
        for weekday, opens, closes in initial_spells:
            n = counts[weekday] = counts.get(weekday, 0) + 1
            if n <= SPELLS_A_DAY:
                self.initial[f"d{weekday}_{n}_opens"] = f"{opens:%H:%M}"
                self.initial[f"d{weekday}_{n}_closes"] = f"{closes:%H:%M}"

    def spell_days(self):
        return [{"day": day, "spells": [[self[f"d{weekday}_{n}_opens"], self[f"d{weekday}_{n}_closes"]]
                                        for n in range(1, SPELLS_A_DAY + 1)]}
                for weekday, day in Weekday.choices]

    def clean_spells(self) -> list[tuple[int, datetime.time, datetime.time]]:
        spells = []
        for weekday, _ in Weekday.choices:
            for n in range(1, SPELLS_A_DAY + 1):
                names = f"d{weekday}_{n}_opens", f"d{weekday}_{n}_closes"
                opens, closes = (self.typed_time(name) for name in names)
                typed = [bool(self.cleaned_data.get(name)) for name in names]
                if typed[0] != typed[1]:
                    self.add_error(names[0] if not typed[0] else names[1], SPELL_HALF)
                elif opens and closes:
                    spells.append((weekday, opens, closes))
        return spells


OCCUPIERS_INVALID = f"Enter a whole number of occupiers from 1 to {MAX_OCCUPIERS}"


class SpaceForm(SetupForm):
    name = text_field(Space, "name", label="Name", error_messages={"required": "Enter the space's name"})
    kind = forms.ChoiceField(label="Kind of space", choices=Space.Kind.choices)
    capacity = forms.IntegerField(label="How many people it holds", min_value=1, max_value=10_000,
                                  widget=forms.TextInput(attrs=NUMERIC),
                                  error_messages={"required": "Enter how many people the space holds",
                                                  "invalid": CAPACITY_INVALID, "min_value": CAPACITY_TOO_FEW,
                                                  "max_value": CAPACITY_TOO_MANY})
    floor_area_m2 = forms.DecimalField(label="Floor area, in square metres", min_value=0.1, max_value=999_999.9,
                                       decimal_places=1, widget=forms.TextInput(attrs=DECIMAL),
                                       error_messages={"required": "Enter the floor area", "invalid": AREA_INVALID,
                                                       "min_value": AREA_TOO_SMALL, "max_value": AREA_TOO_LARGE,
                                                       "max_decimal_places": AREA_INVALID,
                                                       "max_digits": AREA_TOO_LARGE})
    bookable_by = forms.ChoiceField(label="Who may book it", choices=BookableBy.choices,
                                    widget=forms.RadioSelect)
    approval_needed = forms.BooleanField(label="Requests from partners and community groups wait for approval",
                                         required=False)
    accessible = forms.BooleanField(label="Step-free access", required=False)
    max_occupiers = forms.IntegerField(
        label="How many occupiers it may be let to at once", min_value=1, max_value=MAX_OCCUPIERS, initial=1,
        help_text="1 for a space let to one occupier at a time; more for a shared space, such as hot desks.",
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={"required": "Enter how many occupiers the space may be let to at once",
                        "invalid": OCCUPIERS_INVALID, "min_value": OCCUPIERS_INVALID,
                        "max_value": OCCUPIERS_INVALID})
    notes = text_field(Space, "notes", label="Notes (optional)", required=False, textarea=True)

    service_fields = {name: name for name in ("name", "kind", "capacity", "floor_area_m2", "bookable_by",
                                              "approval_needed", "accessible", "max_occupiers", "notes")}

    def __init__(self, *args, space: Space | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in BookerKind.choices:
            self.fields[f"rate_{value}"] = MoneyField(
                label=f"Hourly rate for {label.lower()}s, in pounds (optional)", allow_zero=True, max_digits=8,
                required=False, widget=forms.TextInput(attrs=DECIMAL),
                error_messages={"invalid": RATE_INVALID})
        if space is not None and not self.is_bound:
            self.initial.update({name: getattr(space, name) for name in self.service_fields})
            for rate in SpaceRate.objects.filter(space=space):
                self.initial[f"rate_{rate.booker_kind}"] = rate.hourly_rate
        elif not self.is_bound:
            self.initial.update(approval_needed=True, accessible=True, bookable_by=BookableBy.STAFF)

    def space_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in self.service_fields}
        values["rates"] = {kind: data.get(f"rate_{kind}") for kind in BookerKind.values}
        return values


class OpeningHoursForm(SpellsMixin, SetupForm):
    def __init__(self, *args, spells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_spell_fields(spells)

    def clean(self):
        cleaned = super().clean()
        cleaned["spells"] = self.clean_spells()
        return cleaned


class HubServiceForm(SpellsMixin, SetupForm):
    name = text_field(HubService, "name", label="Name", error_messages={"required": "Enter the service's name"})
    organisation = BoundedModelChoiceField(queryset=Organisation.objects.order_by("name"), label="Organisation",
                                           empty_label="Choose the organisation that runs it",
                                           error_messages={"required": "Choose the organisation that runs it"})
    category = forms.ChoiceField(label="Category", choices=HubService.Category.choices)
    description = text_field(HubService, "description", label="Description", textarea=True,
                             error_messages={"required": "Enter what the service offers"})
    who_for = text_field(HubService, "who_for", label="Who it is for (optional)", required=False)
    how_to_access = text_field(HubService, "how_to_access", label="How to use it (optional)", required=False)
    email = forms.EmailField(label="Email (optional)", required=False, max_length=254,
                             error_messages={"invalid": "Enter an email address like name@example.org"})
    phone = text_field(HubService, "phone", label="Phone (optional)", required=False)
    is_active = forms.BooleanField(label="Running now (shown on the hub's page)", required=False)

    FIELDS = ("name", "organisation", "category", "description", "who_for", "how_to_access", "email", "phone",
              "is_active")
    service_fields = {name: name for name in FIELDS}

    def __init__(self, *args, service: HubService | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        spells = []
        if service is not None:
            spells = [(s.weekday, s.opens, s.closes) for s in service.schedules.all()]
            if not self.is_bound:
                self.initial.update({name: getattr(service, name) for name in self.FIELDS})
                self.initial["organisation"] = service.organisation_id
        elif not self.is_bound:
            self.initial["is_active"] = True
        self.add_spell_fields(spells)

    def clean(self):
        cleaned = super().clean()
        cleaned["schedule"] = self.clean_spells()
        return cleaned

    def service_values(self) -> dict:
        return {**{name: self.cleaned_data[name] for name in self.FIELDS}, "schedule": self.cleaned_data["schedule"]}


class ClosureForm(SetupForm):
    space = BoundedModelChoiceField(queryset=None, required=False, label="What is closed",
                                    empty_label="The whole hub",
                                    error_messages={"invalid_choice": "Choose one of the hub's spaces"})
    starts_on = date_field("First day closed", missing="Enter the first day of the closure", validators=[EVENTS])
    ends_on = date_field("Last day closed", missing="Enter the last day of the closure", validators=[EVENTS])
    reason = text_field(Closure, "reason", label="Reason", error_messages={"required": "Enter why it is closed"},
                        help_text="For example, bank holiday or refurbishment")

    service_fields = {name: name for name in ("space", "starts_on", "ends_on", "reason")}

    def __init__(self, *args, hub, closure: Closure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = hub.spaces.order_by("name")
        self.fields["space"].label_from_instance = lambda space: space.name  # all of this hub
        if closure is not None and not self.is_bound:
            self.initial.update(space=closure.space_id, starts_on=as_typed(closure.starts_on),
                                ends_on=as_typed(closure.ends_on),
                                reason=closure.reason)


class IncomeYearForm(forms.Form):
    """Which calendar year of income the dashboard shows (GET parameter `year`)."""

    year = forms.IntegerField(label="Year", required=False, min_value=1, max_value=9999,
                              widget=forms.TextInput(attrs=NUMERIC),
                              error_messages={"invalid": "Enter the year as 4 digits, like 2027",
                                              "min_value": "Enter the year as 4 digits, like 2027",
                                              "max_value": "Enter the year as 4 digits, like 2027"})

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None:
            try:
                check_income_year(year)
            except ValidationError as error:
                raise ValidationError(error.message_dict["year"]) from None
        return year

    def year_or(self, default: int) -> int:
        return (self.cleaned_data.get("year") if self.is_valid() else None) or default
