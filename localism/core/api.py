"""What every app's partner API shares: the one mapping of the services' typed errors to HTTP
answers, id filters that refuse what is not an id, and the `from`/`to` time filters.

Errors (DESIGN.md): 400 with per-field messages, 401/403/404 with {"detail"}, 409 for a conflict.
A viewset may say what a conflict's body carries besides `detail` with `conflict_body(exc)`
(the booking in the way, the plan as it now stands); the status is always the error's own.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from .dates import EVENTS
from .errors import Conflict, NotFound, Refused, field_messages
from .fields import too_long
from .forms import MAX_ID

WHEN_INVALID = "Enter a date, like 2026-05-01, or a date and time, like 2026-05-01T18:30."
ID_INVALID = "Enter a whole number: the id of a record."


def exception_handler(exc, context):
    """DRF's handler, given the services' typed errors and Django's own errors as JSON."""
    request = context.get("request")
    if isinstance(exc, NotFound):
        exc = exceptions.NotFound(exc.message or None)
    elif isinstance(exc, Http404):  # a record not found (Django names its model): the plain answer
        exc = exceptions.NotFound()
    elif isinstance(exc, (DjangoPermissionDenied, Refused)):
        message = getattr(exc, "message", None) or str(exc) or None
        signed_in = request is not None and request.user and request.user.is_authenticated
        exc = exceptions.PermissionDenied(message) if signed_in else exceptions.NotAuthenticated()
    elif isinstance(exc, Conflict):
        view = context.get("view")
        body = {"detail": exc.message}
        if view is not None and hasattr(view, "conflict_body"):
            body.update(view.conflict_body(exc))
        return Response(body, status=exc.status_code)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_messages(exc))
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.detail})  # always by field
    return drf_exception_handler(exc, context)


class BoundedIdField(forms.IntegerField):
    """A record's id: a whole number that fits the database's ids, or a clear 400."""

    default_error_messages = {"invalid": ID_INVALID, "min_value": ID_INVALID, "max_value": ID_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A related row by its id: a whole number."""

    field_class = BoundedIdField


def optional_pattern(pattern: str) -> str:
    """A query parameter's pattern, given empty too: an empty filter is no filter."""
    return f"^$|{pattern}"


# A date in a query (YYYY-MM-DD), or nothing: an empty parameter means its default.
OPTIONAL_DATE = {"type": "string", "pattern": optional_pattern(r"^\d{4}-\d{2}-\d{2}$"), "example": "2026-11-02"}


def code_filter(field_name: str, help_text: str, validator) -> django_filters.CharFilter:
    """A related record by its external code (a ward's GSS code, say), matched through
    `field_name`; `validator` refuses what cannot be such a code with a 400."""
    code = django_filters.CharFilter(field_name=field_name, distinct=True, validators=[validator],
                                     help_text=help_text)
    if isinstance(validator, RegexValidator):  # the schema says what a code looks like (or none)
        extend_schema_field({"type": "string", "pattern": optional_pattern(validator.regex.pattern)})(code)
    return code


SEARCH_MAX_LENGTH = 200


class SearchFilter(filters.SearchFilter):
    """DRF's `search`, bounded in length, its errors named by the parameter (a 400 by field)."""

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        field = serializers.CharField(trim_whitespace=False, allow_blank=True, max_length=SEARCH_MAX_LENGTH)
        try:
            cleaned = field.run_validation(value)
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError({self.search_param: error.detail}) from None
        return filters.search_smart_split(cleaned)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = SEARCH_MAX_LENGTH
        return parameters


class MomentField(forms.Field):
    """A date, or a date and time (ISO 8601, with or without a UTC offset), within the window
    the domain allows for events."""

    default_error_messages = {"invalid": WHEN_INVALID}

    def __init__(self, *, window=EVENTS, **kwargs):
        super().__init__(**kwargs)
        self.window = window

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            when = parse_date(text) or parse_datetime(text)
        except ValueError:
            when = None
        if when is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(when, datetime.datetime) and timezone.is_naive(when):
            when = timezone.make_aware(when)
        self.window(when)
        return when


class MomentFilter(django_filters.Filter):
    """Records from (or up to) a moment; a date alone means the start of that day for `from`,
    its end for `to`. `starts`/`ends` name the fields an overlap is tested against: `from` keeps
    records that end after it, `to` those that start before it."""

    field_class = MomentField

    def __init__(self, *, until: bool, help_text: str, starts: str = "starts_at", ends: str | None = None):
        super().__init__(field_name=starts if until else (ends or starts), help_text=help_text)
        self.until, self.inclusive = until, ends is None
        # A string in the schema: a date and a date-time are both accepted.
        extend_schema_field({"type": "string", "description": help_text})(self)

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, datetime.datetime):
            if self.until:
                lookup = "lte" if self.inclusive else "lt"
            else:
                lookup = "gte" if self.inclusive else "gt"
            return qs.filter(**{f"{self.field_name}__{lookup}": value})
        day = value + datetime.timedelta(days=1) if self.until else value
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        if self.until:
            return qs.filter(**{f"{self.field_name}__lt": midnight})
        return qs.filter(**{f"{self.field_name}__{'gte' if self.inclusive else 'gt'}": midnight})


class RulesPermissionsMixin(AutoPermissionViewSetMixin):
    """The `rules` object permissions of each viewset action (rules' own mixin), and none for
    DRF's `metadata` action: an OPTIONS request (a CORS preflight) is answered, not a 500."""

    permission_type_map = {**AutoPermissionViewSetMixin.permission_type_map, "metadata": None}


TYPE_MESSAGES = {
    str: "Enter text, in quotes.",
    int: "Enter a whole number, without quotes.",
    float: "Enter a number, without quotes.",
    bool: "Enter true or false, without quotes.",
    list: "Enter a list, in square brackets.",
    dict: "Enter an object, in curly brackets.",
}


def _expected_type(field) -> type | None:
    """The JSON type a writable field takes (None: any)."""
    if isinstance(field, (serializers.ManyRelatedField, serializers.ListField, serializers.ListSerializer)):
        return list
    if isinstance(field, serializers.BaseSerializer):
        return dict
    if isinstance(field, serializers.BooleanField):
        return bool
    if isinstance(field, (serializers.IntegerField, serializers.PrimaryKeyRelatedField)):
        return int
    if isinstance(field, (serializers.FloatField, serializers.DecimalField)):
        return float
    if isinstance(field, serializers.ChoiceField):
        kinds = {type(key) for key in field.choices}
        return kinds.pop() if len(kinds) == 1 and kinds <= {str, int} else None
    if isinstance(field, (serializers.CharField, serializers.DateField, serializers.DateTimeField,
                          serializers.TimeField, serializers.SlugRelatedField)):
        return str
    return None


def _type_error(field, value) -> str | None:
    expected = _expected_type(field)
    if expected is None or value is None:
        return None
    if expected is float:
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif expected is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
    else:
        fits = isinstance(value, expected)
    if not fits:
        return TYPE_MESSAGES[expected]
    if expected is list:
        child = getattr(field, "child_relation", None) or getattr(field, "child", None)
        for item in value:
            if child is not None and (message := _type_error(child, item)):
                return f"Each item: {message[0].lower()}{message[1:]}"
    return None


def text_of(model, name: str, **kwargs) -> serializers.CharField:
    """A request's text for a model's field: as long as the field allows, with its message
    ("Summary must be 5,000 characters or fewer"), as the pages' forms say it."""
    field = model._meta.get_field(name)
    return serializers.CharField(max_length=field.max_length, error_messages={"max_length": too_long(field)},
                                 **kwargs)


class StrictSerializer(serializers.Serializer):
    """A request body whose values are of the JSON type each field takes: 1.5 is not the id 1,
    123 is not the text "123", "true" is not true. What is of the wrong type is a 400 naming
    the field, before anything is converted."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for field in self._writable_fields:
                if field.field_name in data and (message := _type_error(field, data[field.field_name])):
                    errors[field.field_name] = [message]
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


def validated(view, serializer_class, **kwargs) -> dict:
    """The request's body through a serializer: its validated data, or a 400 with the fields."""
    serializer = serializer_class(data=view.request.data, context=view.get_serializer_context(), **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
