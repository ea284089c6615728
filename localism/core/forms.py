"""What every app's forms share: the service's typed errors shown on the form, the version an
editor started from, dates and times typed as people type them, text no longer than its record
keeps, sums of money typed as people type them, and choices of records that refuse what cannot be
a record's id."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.backends.base.operations import BaseDatabaseOperations

from .dates import DATE_FORMATS, DATE_INVALID, TIME_NOT_REAL, parse_time
from .errors import Conflict, StaleEdit, field_messages
from .fields import too_long

DATE_MISSING = "Enter the date"
MONEY_INVALID = "Enter an amount in pounds, like 1,250.50"
MONEY_NOT_POSITIVE = "The amount must be more than £0"
MONEY_NEGATIVE = "The amount cannot be less than £0"
MONEY_TOO_LARGE = "Enter an amount less than £{limit:,.0f}"
MONEY_MISSING = "Enter the amount"

# Pounds as people type them: "£1,250.50", "1250.5", "99", "£99" (commas only between thousands).
MONEY_RE = re.compile(r"^(?P<sign>-)?\s*£?\s*(?P<sign2>-)?(?P<pounds>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<pence>\d{1,2}))?$")


def date_field(label: str, *, required=True, missing=DATE_MISSING, validators=()) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, validators=list(validators),
                           error_messages={"required": missing, "invalid": DATE_INVALID})


class MoneyField(forms.Field):
    """An amount in pounds as people type it ("£1,250.50", "1250.5", "£99"), as a Decimal with
    pence. More than zero unless `allow_zero`; at most `max_digits` digits in all, as the model
    field keeps. Anything else is refused in plain words, never Django's number messages."""

    def __init__(self, *, allow_zero: bool = False, max_digits: int = 12, **kwargs):
        self.allow_zero = allow_zero
        self.limit = Decimal(10) ** (max_digits - 2)
        kwargs["error_messages"] = {"required": MONEY_MISSING, "invalid": MONEY_INVALID,
                                    "not_positive": MONEY_NEGATIVE if allow_zero else MONEY_NOT_POSITIVE,
                                    "too_large": MONEY_TOO_LARGE, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        match = MONEY_RE.match(text)
        if match is None or (match["sign"] and match["sign2"]):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = Decimal(f"{match['pounds'].replace(',', '')}.{match['pence'] or '0'}").quantize(Decimal("0.01"))
        if match["sign"] or match["sign2"]:
            amount = -amount
        if amount < 0 or (amount == 0 and not self.allow_zero):
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")
        if amount >= self.limit:
            raise ValidationError(self.error_messages["too_large"].format(limit=self.limit), code="too_large")
        return amount

    def prepare_value(self, value):
        # An amount shows again as it was typed; a stored amount as pounds and pence.
        return f"{value:.2f}" if isinstance(value, Decimal) else value


def text_field(model, name: str, *, label: str | None = None, what: str | None = None, textarea: bool = False,
               **kwargs) -> forms.CharField:
    """A form's field for the text of a model's field `name`: at most the model field's length,
    with its message ("Summary must be 5,000 characters or fewer", `what` naming the field if
    its verbose name will not do), so a form never takes more than its record keeps."""
    field = model._meta.get_field(name)
    kwargs["error_messages"] = {"max_length": too_long(field, what), **kwargs.get("error_messages", {})}
    if textarea:
        kwargs["widget"] = forms.Textarea
    return forms.CharField(label=label, max_length=field.max_length, **kwargs)


# The largest id any of our records can have (a BigAutoField's), for the API's id fields and its
# schema; a form's field asks its own database for its range (beyond_range).
MAX_ID = BaseDatabaseOperations.integer_field_ranges["BigAutoField"][1]


def beyond_range(field: models.Field, value, *, using: str = "default") -> bool:
    """Whether `value` is a whole number that `field`, an integer field, cannot hold in the
    database (an id below 1 counts as beyond the ids). False for anything else: what is not a
    number, or not for an integer field, is left to the field's own checks."""
    if not isinstance(field, models.IntegerField) or value in (None, "") or isinstance(value, models.Model):
        return False
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    low, high = connections[using].ops.integer_field_range(field.get_internal_type())
    return not (1 if field.primary_key else low) <= number <= high


class _BoundedIds:
    """A choice of records by id that refuses a number no id can be (beyond the range of the
    model's id field, or below 1) with the field's own "Select a valid choice" message, before it
    reaches the database: SQLite cannot take such a number at all (OverflowError), and a form
    answers a made-up id as it answers an id that does not exist."""

    def _beyond_ids(self, value) -> bool:
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        return beyond_range(key, value, using=self.queryset.db)

    def _refuse(self, value):
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class BoundedModelChoiceField(_BoundedIds, forms.ModelChoiceField):
    """A ModelChoiceField that refuses an id beyond the ids' range before asking the database."""

    def to_python(self, value):
        if self._beyond_ids(value):
            self._refuse(value)
        return super().to_python(value)

    def prepare_value(self, value):
        # What the widget shows again (an admin autocomplete looks it up): never such an id.
        return None if self._beyond_ids(value) else super().prepare_value(value)


class BoundedModelMultipleChoiceField(_BoundedIds, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id beyond the ids' range before asking the
    database."""

    def clean(self, value):
        for item in value if isinstance(value, (list, tuple)) else ():
            if self._beyond_ids(item):
                self._refuse(item)
        return super().clean(value)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            value = [item for item in value if not self._beyond_ids(item)]
        return super().prepare_value(value)


class ServiceForm(forms.Form):
    """A form whose data goes to a service. The service's errors show on the form against the
    field they concern (`service_fields` maps the service's names to the form's), so the page
    answers with the GOV.UK error summary, never a 500. A stale edit keeps the editor's text,
    moves the form to the stored version and offers that version to compare."""

    # service or model field name -> form field name; anything else shows above the form
    service_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None

    def typed_time(self, name: str) -> datetime.time | None:
        """The time typed into a text field (18:30, 6.30pm, 6pm), or None with the field's error."""
        text = self.cleaned_data.get(name)
        if not text:
            return None
        time = parse_time(text)
        if time is None:
            self.add_error(name, TIME_NOT_REAL)
        return time

    def _field_for(self, name: str | None) -> str | None:
        """The form's field for a service's field name; None (above the form) for no field."""
        if name is None:
            return None
        name = self.service_fields.get(name, name)
        return name if name in self.fields else None

    def add_service_error(self, error: Exception) -> None:
        if isinstance(error, StaleEdit):
            self.conflict = error
            if "version" in self.fields:
                data = self.data.copy()
                data["version"] = error.current.version
                self.data = data
            self.add_error(None, error.message)
        elif isinstance(error, Conflict):
            self.conflict = error
            self.add_error(self._field_for(error.field), error.message)
        else:
            for name, messages in field_messages(error).items():
                for message in messages:
                    self.add_error(self._field_for(name), message)

    def submit(self, service, /, **kwargs):
        """Call `service` with `kwargs`; its typed error, if any, lands on this form (check
        `self.errors`). A refusal is not caught: the page answers it as a refusal."""
        try:
            return service(**kwargs)
        except (ValidationError, Conflict) as error:
            self.add_service_error(error)
            return None

    @property
    def status_code(self) -> int:
        """409 when another record is in the way (a newer version), 400 with errors, else 200."""
        if self.conflict is not None:
            return 409
        return 400 if self.errors else 200


class VersionedForm(ServiceForm):
    """An edit form: it carries the version the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def readable_fields(form, obj) -> list[tuple[str, object]]:
    """A record's values under the form's labels: the newer version shown beside a stale edit."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(obj, name):
            continue
        value = getattr(obj, name)
        if hasattr(value, "all"):  # many-to-many
            value = ", ".join(str(v) for v in value.all())
        elif hasattr(obj, f"get_{name}_display"):
            value = getattr(obj, f"get_{name}_display")()
        rows.append((field.label or name.replace("_", " ").capitalize(), value))
    return rows
