"""The partner API for assets of community value: community-value/ [ward, status], the list of
assets of community value and the list of unsuccessful nominations, public and read-only, in
the field names of planning.data.gov.uk's `asset-of-community-value` dataset (hyphenated, as the
dataset spells them). Groups appear by their organisation's name; the people who nominated or
decided, and the groups' own words, never do."""

import django_filters
from rest_framework import serializers, viewsets

from localism.core.api import RulesPermissionsMixin, code_filter
from wards.models.geography import validate_gss_code

from ..models import CommunityValueNomination
from ..selectors import community as selectors

ORGANISATION = "local-authority:BIR"


class CommunityValueFilter(django_filters.FilterSet):
    ward = code_filter("ward__gss_code", "Entries in this ward (its GSS code).", validate_gss_code)
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in selectors.PUBLISHED_STATUSES],
        help_text="listed, expired and removed are the list of assets of community value; not-listed the "
                  "list of unsuccessful nominations.")

    class Meta:
        model = CommunityValueNomination
        fields = ["ward", "status"]


class _WardSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()


def _date(source: str, help_text: str) -> serializers.DateField:
    return serializers.DateField(source=source, read_only=True, allow_null=True, help_text=help_text)


def _organisation(serializer, nomination) -> str:
    """The publishing council, as planning.data.gov.uk names organisations."""
    return ORGANISATION


# Declared as a dict: the dataset's names have hyphens, which a class body cannot spell.
CommunityValueSerializer = serializers.SerializerMetaclass("CommunityValueSerializer", (serializers.Serializer,), {
    "__doc__": "An asset of community value, or an unsuccessful nomination, as planning.data.gov.uk names them. "
               "Every end date is the last day of its period.",
    "__module__": __name__,
    "reference": serializers.CharField(read_only=True),
    "name": serializers.CharField(read_only=True),
    "organisation": serializers.SerializerMethodField(),
    "uprn": serializers.CharField(read_only=True),
    "address": serializers.CharField(read_only=True),
    "postcode": serializers.CharField(read_only=True),
    "ward": _WardSerializer(read_only=True, allow_null=True),
    "status": serializers.CharField(read_only=True),
    "nomination-date": _date("nomination_date", "The day the council received the nomination."),
    "nominating-group": serializers.CharField(source="nominating_group", read_only=True),
    "decision": serializers.CharField(read_only=True),
    "decision-date": _date("decision_date", "The day of the decision; a listing starts that day."),
    "expiry-date": _date("expiry_date", "The listing's last day (five years)."),
    "end-date": _date("removed_on", "The day it was removed from the list early, if it was."),
    "notification-to-sell-date": _date("notification_to_sell_date", "The day the owner's notification of a "
                                                                     "relevant disposal was received."),
    "interim-moratorium-end-date": _date("interim_moratorium_ends", "The interim moratorium's last day."),
    "interested-group": serializers.CharField(source="interested_group", read_only=True,
                                              help_text="The community interest group that asked to bid."),
    "full-moratorium-end-date": _date("full_moratorium_ends", "The full moratorium's last day, if a group asked."),
    "protected-period-start-date": _date("notification_to_sell_date", "The protected period begins with the "
                                                                       "notification."),
    "protected-period-end-date": _date("protected_period_ends", "The protected period's last day."),
    "get_organisation": _organisation,
})


class CommunityValueViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Assets of community value (listed, expired, removed) and unsuccessful nominations
    (not-listed). Public; nominations not yet decided are not published."""

    serializer_class = CommunityValueSerializer
    filterset_class = CommunityValueFilter

    def get_queryset(self):
        return selectors.nominations_published()
