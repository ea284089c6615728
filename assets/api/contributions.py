"""The partner API for developer contributions: contributions/ [ward, kind=s106|cil, status],
each with its agreement, ward and money by funding status, and the ward's totals when the list
is filtered by ward; neighbourhood-cil-allocations/ (POST) for a ward's councillors to allocate
its neighbourhood CIL, through the same service as the page. Public read; no personal data."""

from decimal import Decimal

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from localism.core.api import RulesPermissionsMixin, StrictSerializer, code_filter, text_of, validated
from wards.models import Priority, Ward
from wards.models.geography import validate_gss_code
from wards.models.plans import validate_period

from ..models import AgreementType, DeveloperContribution, FundingStatus, NeighbourhoodCilAllocation
from ..selectors import contributions as selectors
from ..services import contributions as services
from ..services import neighbourhood_cil as ncil


class ContributionFilter(django_filters.FilterSet):
    ward = code_filter("agreement__ward__gss_code", "Contributions for sites in this ward (its GSS code).",
                       validate_gss_code)
    kind = django_filters.ChoiceFilter(choices=[("s106", "Section 106"), ("cil", "Community Infrastructure Levy")],
                                       method="filter_kind", help_text="s106 or cil.")
    status = django_filters.ChoiceFilter(choices=FundingStatus.choices, method="filter_status",
                                         help_text="Contributions with a transaction of this funding status.")

    class Meta:
        model = DeveloperContribution
        fields = ["ward", "kind", "status"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(agreement__agreement_type=selectors.KINDS[value])

    def filter_status(self, queryset, name, value):
        return queryset.filter(transactions__status=value).distinct()


class AgreementSerializer(serializers.Serializer):
    reference = serializers.CharField()
    name = serializers.CharField()
    developer_agreement_type = serializers.ChoiceField(source="agreement_type", choices=AgreementType.choices)
    planning_application = serializers.CharField()
    ward = serializers.SerializerMethodField()

    def get_ward(self, agreement) -> dict | None:
        ward = agreement.ward
        return {"gss_code": ward.gss_code, "name": ward.name} if ward else None


class ContributionSerializer(serializers.ModelSerializer):
    developer_agreement = AgreementSerializer(source="agreement", read_only=True)
    contribution_purpose = serializers.CharField(source="purpose")
    money = serializers.SerializerMethodField(help_text="Received, allocated, spent and returned, in pounds.")

    class Meta:
        model = DeveloperContribution
        fields = ["reference", "developer_agreement", "contribution_purpose", "amount", "units", "spend_by_date",
                  "spend_by_risk", "money"]
        read_only_fields = fields

    def get_money(self, contribution) -> dict:
        money = self.context["balances"][contribution.pk]
        return {"received": money.received, "allocated": money.allocated, "spent": money.spent,
                "returned": money.returned}


def ward_totals(ward: Ward, period: str) -> dict:
    money = selectors.ward_money(ward, period=period)
    return {"gss_code": ward.gss_code, "name": ward.name, "period": period,
            "s106": {k: money.s106[k] for k in ("received", "allocated", "spent", "returned")},
            "cil": {"received": money.cil["received"]},
            "neighbourhood_cil": {"received": money.ncil_received, "allocated": money.ncil_allocated,
                                  "spent": money.ncil_spent, "available": money.ncil_available}}


class ContributionViewSet(RulesPermissionsMixin, viewsets.ReadOnlyModelViewSet):
    """Developer contributions (Section 106 and CIL) with their agreement, ward and money. With
    `ward`, the body also carries `ward_totals` for the current financial year."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter
    lookup_field = "reference"
    lookup_value_regex = r"[A-Za-z0-9._:-]{1,100}"

    def get_queryset(self):
        return selectors.api_contributions()

    def get_serializer(self, *args, **kwargs):
        items = args[0] if args else []
        items = items if isinstance(items, list) else [items]
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"]["balances"] = services.balances_of([c.pk for c in items])
        return self.serializer_class(*args, **kwargs)

    def list(self, request, *args, **kwargs):
        answer = super().list(request, *args, **kwargs)
        gss = request.query_params.get("ward")
        if gss and answer.status_code == 200:
            ward = Ward.objects.current().without_geometry().filter(gss_code=gss).first()
            answer.data["ward_totals"] = ward_totals(ward, ncil.current_period()) if ward else None
        return answer


class AllocationRequestSerializer(StrictSerializer):
    ward = serializers.CharField(max_length=9, validators=[validate_gss_code], help_text="The ward's GSS code.")
    period = serializers.CharField(max_length=7, validators=[validate_period], help_text="E.g. 2026/27.")
    priority = serializers.PrimaryKeyRelatedField(queryset=Priority.objects.select_related("plan"))
    amount = serializers.DecimalField(max_digits=11, decimal_places=2, min_value=Decimal("0.01"))
    description = text_of(NeighbourhoodCilAllocation, "description")

    def validate_ward(self, value):
        ward = Ward.objects.current().without_geometry().filter(gss_code=value).first()
        if ward is None:
            raise serializers.ValidationError("No current ward has that code.")
        return ward


class AllocationSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="account.ward.gss_code")
    period = serializers.CharField(source="account.period")

    class Meta:
        model = NeighbourhoodCilAllocation
        fields = ["id", "ward", "period", "priority", "amount", "description", "allocated_on"]
        read_only_fields = fields


class NeighbourhoodCilAllocationViewSet(RulesPermissionsMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A ward's councillor allocates its neighbourhood CIL to a priority of its Ward Plan. 400
    with `amount` when it is more than is available; 403 for anyone without a seat in the ward."""

    serializer_class = AllocationSerializer
    queryset = NeighbourhoodCilAllocation.objects.none()
    # The service asks whether the user holds a seat in the ward the body names.
    permission_type_map = {**RulesPermissionsMixin.permission_type_map, "create": None}

    @extend_schema(request=AllocationRequestSerializer, responses={201: AllocationSerializer})
    def create(self, request, *args, **kwargs):
        fields = validated(self, AllocationRequestSerializer)
        made = ncil.neighbourhood_cil_allocate(user=request.user, **fields)
        return Response(AllocationSerializer(made).data, status=status.HTTP_201_CREATED)
