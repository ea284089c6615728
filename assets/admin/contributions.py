"""Django admin for developer contributions. A transaction and a neighbourhood CIL allocation
are added through their services, so admin refuses an over-spend or an over-allocation with the
service's message (nothing saved); neither is edited afterwards (a correction is a new
transaction), except an allocation's date of spending."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localism.core.admin import LightChoicesMixin, ServiceAdminMixin

from ..models import (
    ContributionTransaction,
    DeveloperAgreement,
    DeveloperContribution,
    NeighbourhoodCilAccount,
    NeighbourhoodCilAllocation,
    NeighbourhoodCilWard,
)
from ..services import contributions as services
from ..services import neighbourhood_cil as ncil

AGREEMENT_FIELDS = ["reference", "name", "agreement_type", "planning_application", "document_url", "notes",
                    "organisation", "entry_date", "start_date", "end_date", "point", "postcode", "is_demo"]


@admin.register(DeveloperAgreement)
class DeveloperAgreementAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["reference", "name", "agreement_type", "ward", "planning_application", "is_demo"]
    list_filter = ["agreement_type", "is_demo"]
    search_fields = ["reference", "name", "planning_application", "postcode"]
    list_select_related = ["ward"]
    fields = [*AGREEMENT_FIELDS, "ward"]
    readonly_fields = ["ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_ward()

    def service_save(self, request, form, obj):
        values = {name: form.cleaned_data[name] for name in AGREEMENT_FIELDS}
        if obj is None:
            return services.agreement_create(user=request.user, **values)
        return services.agreement_update(user=request.user, agreement=obj, **values)


CONTRIBUTION_FIELDS = ["agreement", "reference", "purpose", "amount", "units", "notes", "organisation", "entry_date",
                       "start_date", "end_date", "spend_by_date", "is_demo"]


@admin.register(DeveloperContribution)
class DeveloperContributionAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["reference", "agreement", "purpose", "amount", "units", "spend_by_date", "spend_by_risk",
                    "is_demo"]
    list_filter = ["purpose", "spend_by_risk", "is_demo"]
    search_fields = ["reference", "agreement__reference", "agreement__name"]
    list_select_related = ["agreement"]
    fields = [*CONTRIBUTION_FIELDS, "spend_by_risk"]
    readonly_fields = ["spend_by_risk"]

    def service_save(self, request, form, obj):
        values = {name: form.cleaned_data[name] for name in CONTRIBUTION_FIELDS}
        if obj is None:
            return services.contribution_create(user=request.user, **values)
        return services.contribution_update(user=request.user, contribution=obj, **values)


@admin.register(ContributionTransaction)
class ContributionTransactionAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["reference", "contribution", "status", "amount", "units", "start_date", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["reference", "contribution__reference"]
    list_select_related = ["contribution"]
    fields = ["contribution", "status", "amount", "units", "start_date", "notes", "priority", "action", "reference"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "reference" in form.base_fields:
            form.base_fields["reference"].required = False
            form.base_fields["reference"].help_text = "Leave empty for the next reference of the contribution."
        return form

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        return services.transaction_record(user=request.user, contribution=data["contribution"],
                                           status=data["status"], amount=data["amount"], units=data["units"],
                                           start_date=data["start_date"], notes=data["notes"],
                                           priority=data["priority"], action=data["action"],
                                           reference=data["reference"])


@admin.register(NeighbourhoodCilWard)
class NeighbourhoodCilWardAdmin(LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["ward", "council_tax_dwellings", "neighbourhood_plan_made_on", "dwellings_source"]
    list_select_related = ["ward"]
    search_fields = ["ward__name"]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(NeighbourhoodCilAccount)
class NeighbourhoodCilAccountAdmin(SimpleHistoryAdmin):
    list_display = ["ward", "period"]
    list_select_related = ["ward"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(NeighbourhoodCilAllocation)
class NeighbourhoodCilAllocationAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    """Added through the service, for a ward's account of a year (add the account first)."""

    list_display = ["description", "account", "priority", "amount", "allocated_on", "spent_on", "is_demo"]
    list_select_related = ["account__ward", "priority"]
    fields = ["account", "priority", "amount", "description", "allocated_on", "spent_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["account", "priority", "amount", "description", "allocated_on"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        if obj is not None:  # only the date the money was spent changes
            obj.spent_on = data["spent_on"]
            obj._history_user = request.user
            obj.full_clean()
            obj.save()
            return obj
        account = data["account"]
        return ncil.neighbourhood_cil_allocate(user=request.user, ward=account.ward, period=account.period,
                                               priority=data["priority"], amount=data["amount"],
                                               description=data["description"], on=data["allocated_on"])
