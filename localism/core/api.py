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
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rules.contrib.rest_framework import AutoPermissionViewSetMixin

from .dates import EVENTS
from .errors import Conflict, NotFound, Refused, field_messages

WHEN_INVALID = "Enter a date, like 2026-05-01, or a date and time, like 2026-05-01T18:30."
ID_INVALID = "Enter a whole number: the id of a record."
MAX_ID = 2**63 - 1


def exception_handler(exc, context):
    """DRF's handler, given the services' typed errors and Django's own errors as JSON."""
    request = context.get("request")
    if isinstance(exc, (Http404, NotFound)):
        exc = exceptions.NotFound(getattr(exc, "message", None) or str(exc) or None)
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
    return drf_exception_handler(exc, context)


class BoundedIdField(forms.IntegerField):
    """A record's id: a whole number that fits the database's ids, or a clear 400."""

    default_error_messages = {"invalid": ID_INVALID, "min_value": ID_INVALID, "max_value": ID_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related row by its id: a whole number."""

    field_class = BoundedIdField


def code_filter(field_name: str, help_text: str, validator) -> django_filters.CharFilter:
    """A related record by its external code (a ward's GSS code, say), matched through
    `field_name`; `validator` refuses what cannot be such a code with a 400."""
    return django_filters.CharFilter(field_name=field_name, distinct=True, validators=[validator],
                                     help_text=help_text)


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


def validated(view, serializer_class, **kwargs) -> dict:
    """The request's body through a serializer: its validated data, or a 400 with the fields."""
    serializer = serializer_class(data=view.request.data, context=view.get_serializer_context(), **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
