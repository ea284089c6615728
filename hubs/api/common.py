"""What the parts of the hubs partner API share: page links, the years a date may fall in, filters
by id and the fields of figures."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

YEAR_INVALID = "Enter a date in the years 1900 to 2999."


def _page_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def _plausible_year(value):
    # Years far from ours are typing mistakes, and the weeks of a series would overflow.
    if not 1900 <= value.year <= 2999:
        raise serializers.ValidationError(YEAR_INVALID)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related row by its id: a whole number."""

    field_class = forms.IntegerField


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, **kwargs)


def _hours(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False, **kwargs)


def _area(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=1, **kwargs)
