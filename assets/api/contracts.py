"""The partner API for the council's service contracts: contracts/ [ward, renewal_before, status],
contracts/{id}/, each also as an OCDS release (contracts/{id}/ocds/) and the list as an OCDS
release package (contracts/ocds/). Read-only and public: contracts, specifications, reviews and
the wards' input (councillors' public statements) hold no resident's data. Commissioning officers
change contracts on their pages and by importing a release package."""

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from localism.core.api import OPTIONAL_DATE, RulesPermissionsMixin, optional_pattern
from wards.models import Ward
from wards.models.geography import validate_gss_code

from ..models import Contract, ContractReview, ServiceSpecification, Supplier, WardInput
from ..selectors import contracts as selectors
from ..services import contracts_ocds as ocds


class ContractFilter(django_filters.FilterSet):
    ward = extend_schema_field({"type": "string", "pattern": optional_pattern(validate_gss_code.regex.pattern)})(
        django_filters.CharFilter(method="filter_ward", validators=[validate_gss_code],
                                  help_text="Contracts serving this ward (its GSS code); city-wide ones too."))
    # Empty means no filter, as for every filter: the schema says so (OPTIONAL_DATE).
    renewal_before = extend_schema_field(OPTIONAL_DATE)(django_filters.DateFilter(
        field_name="decision_due", lookup_expr="lt", help_text="Renewal decision due before this date (YYYY-MM-DD)."))
    status = django_filters.ChoiceFilter(choices=Contract.Status.choices)

    class Meta:
        model = Contract
        fields = ["ward", "renewal_before", "status"]

    def filter_ward(self, queryset, name, value):
        ward = Ward.objects.current().filter(gss_code=value).first()
        return queryset.none() if ward is None else queryset.serving(ward)


class WardRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["gss_code", "name"]


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["identifier", "name"]


class SpecificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceSpecification
        fields = ["number", "title", "issued_on", "summary", "ward_influence", "document_url"]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractReview
        fields = ["kind", "reviewed_on", "rating", "findings"]


class WardInputSerializer(serializers.ModelSerializer):
    ward = WardRefSerializer(read_only=True)
    priorities = serializers.SerializerMethodField()

    class Meta:
        model = WardInput
        fields = ["ward", "statement", "priorities", "submitted_at", "answer", "answered_at"]

    def get_priorities(self, ward_input) -> list[str]:
        return [p.title for p in ward_input.priorities.all()]


class ContractSerializer(serializers.ModelSerializer):
    buyer = serializers.CharField(source="buyer.name", read_only=True)
    suppliers = SupplierSerializer(many=True, read_only=True)
    wards = WardRefSerializer(many=True, read_only=True, help_text="Empty for a city-wide contract.")
    renewal_window_opens = serializers.DateField(source="window_opens", read_only=True)
    # Text (not an enum component): other apps' "status" choices already take the schema's name.
    status = serializers.CharField(read_only=True, help_text="active, in_renewal or ended.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = ["id", "ocid", "title", "description", "buyer", "suppliers", "value", "period_start", "period_end",
                  "max_extent_date", "decision_due", "renewal_window_opens", "city_wide", "wards", "status",
                  "renewal_decision", "renewal_decided_on", "version", "url"]
        read_only_fields = fields

    def get_url(self, contract) -> str:
        return reverse("api:contract-detail", kwargs={"pk": contract.pk}, request=self.context.get("request"))


class ContractDetailSerializer(ContractSerializer):
    specifications = SpecificationSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    ward_inputs = WardInputSerializer(many=True, read_only=True)

    class Meta(ContractSerializer.Meta):
        fields = [*ContractSerializer.Meta.fields, "specifications", "reviews", "ward_inputs"]
        read_only_fields = fields


class ContractViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """The council's external service contracts, with the wards they serve, their renewal window
    and decision, specifications, reviews and the wards' input. Read-only."""

    filterset_class = ContractFilter
    ordering_fields = ["decision_due", "title"]
    search_fields = ["title", "ocid"]
    permission_type_map = {**RulesPermissionsMixin.permission_type_map, "ocds": "view", "package": None}

    def get_queryset(self):
        if self.action in ("retrieve", "ocds"):
            from django.db.models import Prefetch

            inputs = WardInput.objects.select_related("ward").prefetch_related("priorities")
            return selectors.contract_list(today=timezone.localdate()).prefetch_related(
                "specifications", "reviews", Prefetch("ward_inputs", queryset=inputs))
        return selectors.contract_list(today=timezone.localdate())

    def get_serializer_class(self):
        return ContractDetailSerializer if self.action == "retrieve" else ContractSerializer

    @extend_schema(operation_id="contracts_ocds_release", responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, url_path="ocds")
    def ocds(self, request, pk=None):
        """The contract as an OCDS 1.1 release (docs/data.md)."""
        return Response(ocds.release_of(self.get_object()))

    @extend_schema(operation_id="contracts_ocds_package", filters=True, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, url_path="ocds")
    def package(self, request):
        """The contracts (filtered as the list is) as an OCDS 1.1 release package: the file
        `manage.py import_contracts` reads back to the same contracts."""
        contracts = self.filter_queryset(self.get_queryset())
        return Response(ocds.package_of(contracts, uri=request.build_absolute_uri()))
