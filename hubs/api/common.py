"""What the parts of the hubs partner API share: page links, a
hub's ward by its GSS code and the fields of figures."""

from rest_framework import serializers

from localism.core.api import code_filter
from wards.models import Ward
from wards.models.geography import validate_gss_code


def _page_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def ward_code_filter(field_name: str, help_text: str):
    """The contract's `ward` filter: a ward's GSS code, matched through `field_name`."""
    return code_filter(field_name, help_text, validate_gss_code)


class HubWardSerializer(serializers.ModelSerializer):
    """A hub's ward as the API names it: its GSS code and name."""

    class Meta:
        model = Ward
        fields = ["gss_code", "name"]


def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False, **kwargs)


def _hours(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=False, **kwargs)


def _area(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=10, decimal_places=1, **kwargs)
