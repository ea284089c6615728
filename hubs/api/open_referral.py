"""The partner API for services: services/, the services offered at the hubs as Open Referral UK
publishes them. Public, read-only."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.generics import get_object_or_404

from localism.core.api import IdFilter, RulesPermissionsMixin

from ..models import HubService, ServiceSchedule
from .common import ward_code_filter

ORGANISATION_INVALID = "Enter an organisation's id, like 12 or localism-organisation-12."
ORGANISATION_ID_PREFIX = "localism-organisation-"
organisation_id_validator = RegexValidator(rf"^({ORGANISATION_ID_PREFIX})?[0-9]{{1,18}}$", ORGANISATION_INVALID)
SERVICE_ID_PREFIX = "localism-service-"
# A service's URL takes the `id` its record gives (or the number that id ends in).
SERVICE_ID_PATTERN = rf"(?:{SERVICE_ID_PREFIX})?[1-9][0-9]{{0,17}}"

# Open Referral UK's days of the week, Monday first as Python counts them.
OPEN_REFERRAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class OpenReferralOrganisationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()

    def get_id(self, organisation) -> str:
        return f"{ORGANISATION_ID_PREFIX}{organisation.pk}"


class OpenReferralAccessibilitySerializer(serializers.Serializer):
    accessibility = serializers.CharField()


class OpenReferralLocationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    address_1 = serializers.CharField(source="address")
    postal_code = serializers.CharField(source="postcode")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    accessibility_for_disabilities = serializers.SerializerMethodField()

    def get_id(self, hub) -> str:
        return f"localism-hub-{hub.pk}"

    @extend_schema_field(OpenReferralAccessibilitySerializer(many=True))
    def get_accessibility_for_disabilities(self, hub) -> list:
        return [{"accessibility": hub.accessibility}] if hub.accessibility else []


class OpenReferralServiceAtLocationSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    location = OpenReferralLocationSerializer(source="hub")

    def get_id(self, service) -> str:
        return f"{SERVICE_ID_PREFIX}{service.pk}-at-hub-{service.hub_id}"


class OpenReferralScheduleSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    weekday = serializers.SerializerMethodField()
    opens_at = serializers.TimeField(source="opens")
    closes_at = serializers.TimeField(source="closes")
    freq = serializers.SerializerMethodField()

    class Meta:
        model = ServiceSchedule
        fields = ["id", "weekday", "opens_at", "closes_at", "freq"]

    def get_id(self, schedule) -> str:
        return f"localism-schedule-{schedule.pk}"

    @extend_schema_field({"type": "string", "enum": OPEN_REFERRAL_DAYS})
    def get_weekday(self, schedule) -> str:
        return OPEN_REFERRAL_DAYS[schedule.weekday]

    @extend_schema_field({"type": "string", "enum": ["WEEKLY"]})
    def get_freq(self, schedule) -> str:
        return "WEEKLY"


class CategorySerializer(serializers.Serializer):
    key = serializers.CharField(source="category", help_text="Our category's key, like `advice`.")
    label = serializers.CharField(source="get_category_display")


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField()


class OpenReferralServiceSerializer(serializers.Serializer):
    """A hub service in the shape of Open Referral UK's `service`."""

    id = serializers.SerializerMethodField()
    name = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    attending_access = serializers.CharField(source="how_to_access", help_text="How to use it: drop in, by "
                                                                                "appointment, by referral.")
    eligibility_description = serializers.CharField(source="who_for", help_text="Who it is for.")
    organization = OpenReferralOrganisationSerializer(source="organisation")
    service_at_locations = serializers.SerializerMethodField()
    regular_schedules = OpenReferralScheduleSerializer(many=True, source="schedules")
    categories = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField()

    def get_id(self, service) -> str:
        return f"{SERVICE_ID_PREFIX}{service.pk}"

    def get_url(self, service) -> str | None:
        return service.url or None

    def get_email(self, service) -> str | None:
        return service.email or None

    @extend_schema_field({"type": "string", "enum": ["active"]})
    def get_status(self, service) -> str:
        return "active"

    @extend_schema_field(OpenReferralServiceAtLocationSerializer(many=True))
    def get_service_at_locations(self, service) -> list:
        return [OpenReferralServiceAtLocationSerializer(service).data]

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, service) -> list:
        return [CategorySerializer(service).data]

    @extend_schema_field(ContactSerializer(many=True))
    def get_contacts(self, service) -> list:
        return [{"phone": service.phone}] if service.phone else []


class OrganisationIdFilter(django_filters.CharFilter):
    """An organisation by its id: the number, or the `organization.id` that ends in it."""

    def __init__(self, **kwargs):
        super().__init__(field_name="organisation_id", validators=[organisation_id_validator], **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.removeprefix(ORGANISATION_ID_PREFIX) if value else value)


class ServiceFilter(django_filters.FilterSet):
    hub = IdFilter(field_name="hub_id", help_text="Services at this hub (its id).")
    ward = ward_code_filter("hub__ward__gss_code", "Services at hubs in this ward (its GSS code).")
    organisation = OrganisationIdFilter(help_text="Services of this organisation: its id, like 12 or "
                                                  "localism-organisation-12.")

    class Meta:
        model = HubService
        fields = ["hub", "ward", "organisation"]


@extend_schema_view(retrieve=extend_schema(parameters=[OpenApiParameter(
    "id", str, OpenApiParameter.PATH, pattern=f"^{SERVICE_ID_PATTERN}$",
    description="The service's `id`, like localism-service-14 (or 14).")]))
class ServiceViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """The services offered at the hubs, as Open Referral UK `service` records. Public, read-only.
    A service is found at the URL its `id` gives: services/localism-service-14/."""

    lookup_url_kwarg = "id"
    lookup_value_regex = SERVICE_ID_PATTERN

    serializer_class = OpenReferralServiceSerializer
    filterset_class = ServiceFilter
    search_fields = ["name", "description", "who_for"]
    ordering_fields = ["name"]
    queryset = HubService.objects.none()  # names the model for the permission checks

    def get_queryset(self):
        schedules = ServiceSchedule.objects.order_by("weekday", "opens")
        return (HubService.objects.filter(is_active=True).select_related("hub", "organisation")
                .prefetch_related(Prefetch("schedules", queryset=schedules)).order_by("name", "pk"))

    def get_object(self):
        pk = self.kwargs["id"].removeprefix(SERVICE_ID_PREFIX)
        service = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)
        self.check_object_permissions(self.request, service)
        return service
