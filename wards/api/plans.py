"""The partner API for Ward Plans: ward-plans/, a summary of each plan (its counts of priorities
and of actions by status, and the address of the whole), or with `?expand=priorities` each with
its ranked priorities and their actions; ward-plans/{id}/, the whole plan.

Anyone reads published plans, plans in consultation and past (archived) plans; a plan's editors
(admins, and councillors seated in one of its wards) also see and change its drafts. A change
carries the `version` the editor loaded, so a stale edit is refused with 409 and the plan as it
now stands.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as InvalidInput
from rest_framework.response import Response

from localism.core.api import RulesPermissionsMixin, StrictSerializer, code_filter, optional_pattern, text_of, validated
from localism.core.errors import StaleEdit

from .. import selectors, services
from ..models import Action, PlanStatus, Priority, ProgressUpdate, Ward, WardPlan
from ..models.geography import validate_gss_code
from ..models.plans import PERIOD_RE, validate_period
from .geography import address, nested

VERSION_REQUIRED = "Send the version of the plan you loaded, so a newer change is not overwritten."
EXPANSIONS = ("priorities",)
EXPAND_INVALID = "Leave expand out for a summary of each plan, or ask for expand=priorities."


def ward_code_filter(field_name: str, help_text: str) -> django_filters.CharFilter:
    """The contract's `ward` filter: a ward's GSS code, matched through `field_name`."""
    return code_filter(field_name, help_text, validate_gss_code)


class WardNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ward
        fields = ["gss_code", "name"]


class ProgressSerializer(serializers.ModelSerializer):
    """An action's progress note, as the public plan shows it: the note, the status it moved the
    action to, and when. Not who wrote it."""

    status = serializers.CharField(source="status_after", help_text="The action's status after this update.")
    posted_at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = ProgressUpdate
        fields = ["note", "status", "posted_at"]


class PartnerNames(serializers.ListField):
    """The names of an action's partner organisations, from the list the selector reads
    (`Action.partner_list`), not a queryset per action."""

    child = serializers.CharField()

    def to_representation(self, data):
        return [organisation.name for organisation in data]


class ActionSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.SlugRelatedField(slug_field="name", read_only=True)
    lead_officer = serializers.SerializerMethodField()
    partners = PartnerNames(source="partner_list", read_only=True)
    latest_progress = serializers.SerializerMethodField(help_text="The newest progress update, or null.")
    overdue = serializers.BooleanField(source="is_overdue", read_only=True,
                                       help_text="Past its due date and not done.")

    class Meta:
        model = Action
        fields = ["id", "description", "lead_organisation", "lead_officer", "partners", "due_date", "status",
                  "overdue", "latest_progress"]

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_latest_progress(self, action) -> dict | None:
        """The newest progress update, or null before any is posted."""
        updates = getattr(action, "latest_updates", None)
        return ProgressSerializer(updates[0]).data if updates else None

    def get_lead_officer(self, action) -> str | None:
        # Officers are named, never identified by their e-mail address or username.
        officer = action.lead_officer
        return (officer.get_full_name() or None) if officer else None


class PrioritySerializer(serializers.ModelSerializer):
    rank = serializers.IntegerField(source="position", read_only=True, help_text="1 matters most.")
    theme_label = serializers.CharField(source="get_theme_display", read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Priority
        fields = ["id", "rank", "title", "description", "theme", "theme_label", "source", "actions"]


class StatusCountSerializer(serializers.Serializer):
    # A plain string: the choices are documented once, on the action's own `status`.
    status = serializers.CharField(help_text="An action status, as in the actions' `status`.")
    label = serializers.CharField()
    count = serializers.IntegerField()


class WardPlanSerializer(serializers.ModelSerializer):
    wards = WardNameSerializer(many=True, read_only=True)
    priorities = PrioritySerializer(many=True, read_only=True)
    status_counts = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = WardPlan
        fields = [
            "id", "title", "period", "status", "summary", "version", "published_at", "updated_at", "wards",
            "url", "page_url", "priorities", "status_counts",
        ]

    @extend_schema_field(StatusCountSerializer(many=True))
    def get_status_counts(self, plan) -> list[dict]:
        counts = nested(self, StatusCountSerializer)
        return [counts.to_representation(row) for row in selectors.status_counts(plan)]

    def get_url(self, plan) -> str:
        return address(self, "api:ward-plan-detail", "pk", plan.pk)

    def get_page_url(self, plan) -> str:
        return address(self, "plans:detail", "pk", plan.pk)


class WardPlanSummarySerializer(WardPlanSerializer):
    """A plan in the list: what it is, how far on its actions are, and the address of the whole
    plan (`url`), without its priorities and actions (ask for `?expand=priorities` to have them)."""

    # A plain string: the choices are documented once, on the whole plan's `status`.
    status = serializers.CharField(read_only=True, help_text="The plan's status, as in the whole plan's `status`.")
    priority_count = serializers.IntegerField(read_only=True, help_text="How many priorities the plan has.")
    action_count = serializers.IntegerField(read_only=True, help_text="How many actions, in all its priorities.")

    class Meta(WardPlanSerializer.Meta):
        fields = [
            "id", "title", "period", "status", "summary", "version", "published_at", "updated_at", "wards",
            "url", "page_url", "priority_count", "action_count", "status_counts",
        ]

    @extend_schema_field(StatusCountSerializer(many=True))
    def get_status_counts(self, plan) -> list[dict]:
        counts = nested(self, StatusCountSerializer)
        return [counts.to_representation(row) for row in selectors.summary_status_counts(plan)]


class StaleEditSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = WardPlanSerializer(help_text="The plan as it now stands.")


@extend_schema_field({"type": "string", "pattern": validate_gss_code.regex.pattern})
class WardCodeField(serializers.SlugRelatedField):
    """A ward of the current boundary generation, by its GSS code. What cannot be a code (a
    NUL character, which PostgreSQL cannot even compare) is refused before any query."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="gss_code", **kwargs)

    def to_internal_value(self, data):
        try:
            validate_gss_code(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return super().to_internal_value(data)

    def get_queryset(self):
        return Ward.objects.current().without_geometry()


def period_schema(field, *, optional=False):
    """A financial year, as the schema says it is written (or nothing, for a filter)."""
    pattern = optional_pattern(PERIOD_RE.pattern) if optional else PERIOD_RE.pattern
    return extend_schema_field({"type": "string", "pattern": pattern,
                                "description": "A financial year: 2026/27."})(field)


class WardPlanCreateSerializer(StrictSerializer):
    title = text_of(WardPlan, "title")
    period = period_schema(serializers.CharField(max_length=7, validators=[validate_period]))
    summary = text_of(WardPlan, "summary", required=False, allow_blank=True, default="")
    wards = WardCodeField(many=True, help_text="GSS codes of the wards the plan covers.")


# Named as the plan itself, so its `status` shares the plan's status choices in the schema.
@extend_schema_serializer(component_name="WardPlan")
class WardPlanUpdateSerializer(WardPlanCreateSerializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    version = serializers.IntegerField(min_value=1, error_messages={"required": VERSION_REQUIRED},
                                       help_text="The version you loaded; a newer stored one refuses the change.")

    def validate(self, attrs):
        # A partial update skips required fields; the version is never optional.
        if "version" not in attrs:
            raise InvalidInput({"version": [VERSION_REQUIRED]})
        return attrs


class WardPlanFilter(django_filters.FilterSet):
    ward = ward_code_filter("wards__gss_code", "Plans covering this ward (its GSS code).")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    period = period_schema(django_filters.CharFilter(validators=[validate_period]), optional=True)

    class Meta:
        model = WardPlan
        fields = ["ward", "status", "period"]


class WardPlanViewSet(RulesPermissionsMixin, viewsets.ModelViewSet):
    """Ward Plans with their priorities and actions. Published plans, plans in consultation and
    archived plans that were published are public; drafts are seen
    and changed only by admins and the councillors of the plan's wards. Only admins delete.

    The services decide who may change what (and answer 403 with their message); this class only
    reads the request and shows the plan."""

    serializer_class = WardPlanSerializer
    filterset_class = WardPlanFilter
    ordering_fields = ["period", "title", "updated_at", "published_at"]
    # A plan the user may not see is a 404; what they may do with it is the services' to say.
    permission_type_map = {**RulesPermissionsMixin.permission_type_map,
                           "create": None, "update": "view", "partial_update": "view", "destroy": "view"}

    def get_queryset(self):
        # Filtering, not refusing: a plan the user may not see is a 404, never a 403.
        visible = selectors.plans_visible_to(self.request.user)
        if self._summaries():
            return selectors.plans_for_summary(visible)
        return selectors.plans_for_display(visible, with_progress=True)

    def get_serializer_class(self):
        return WardPlanSummarySerializer if self._summaries() else WardPlanSerializer

    def _summaries(self) -> bool:
        """Whether this is the list of summaries: the list, without ?expand=priorities."""
        return self.action == "list" and not self._expanded()

    def _expanded(self) -> bool:
        expand = self.request.query_params.get("expand", "") if self.request else ""
        if expand and expand not in EXPANSIONS:
            raise InvalidInput({"expand": [EXPAND_INVALID]})
        return bool(expand)

    @extend_schema(
        parameters=[OpenApiParameter(
            "expand", OpenApiTypes.STR, enum=list(EXPANSIONS),
            description="Leave out for a summary of each plan; `priorities` for each plan whole, with its "
                        "priorities and their actions, as ward-plans/{id}/ gives it.")],
        responses=PolymorphicProxySerializer(
            component_name="WardPlanListItem", serializers=[WardPlanSummarySerializer, WardPlanSerializer],
            resource_type_field_name=None, many=True),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_object(self):
        # The permission check already fetched it; the action reuses that one.
        if getattr(self, "_plan", None) is None:
            self._plan = super().get_object()
        return self._plan

    @extend_schema(request=WardPlanCreateSerializer, responses={201: WardPlanSerializer})
    def create(self, request, *args, **kwargs):
        plan = services.ward_plan_create(user=request.user, **validated(self, WardPlanCreateSerializer))
        return Response(self._output(plan), status=status.HTTP_201_CREATED)

    @extend_schema(request=WardPlanUpdateSerializer, responses={200: WardPlanSerializer, 409: StaleEditSerializer})
    def update(self, request, *args, **kwargs):
        changes = validated(self, WardPlanUpdateSerializer, partial=kwargs.get("partial", False))
        plan = services.ward_plan_update(plan=self.get_object(), user=request.user, **changes)
        return Response(self._output(plan))

    @extend_schema(request=WardPlanUpdateSerializer, responses={200: WardPlanSerializer, 409: StaleEditSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def perform_destroy(self, instance):
        services.ward_plan_delete(plan=instance, user=self.request.user)

    def conflict_body(self, exc) -> dict:
        """A stale edit answers with the plan as it now stands."""
        return {"current": self._output(exc.current)} if isinstance(exc, StaleEdit) else {}

    def _output(self, plan: WardPlan) -> dict:
        plan = selectors.plan_get(pk=plan.pk, with_progress=True)
        return WardPlanSerializer(plan, context=self.get_serializer_context()).data
