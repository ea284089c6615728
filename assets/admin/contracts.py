"""Django admin for the council's service contracts. Adding and changing a contract go through
its services (the dates' rules, the wards or the whole city, a stale version); specifications and
reviews are added through theirs; the wards' input is read here (councillors submit it and
commissioning officers answer it on the contract's pages, where the window and the answers'
rule are checked)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from localism.core.admin import LightChoicesMixin, ServiceAdminMixin, version_of

from ..models import Contract, ContractReview, ServiceSpecification, Supplier, WardInput
from ..services import contracts as services


@admin.register(Contract)
class ContractAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["title", "ocid", "buyer", "value", "period_end", "decision_due", "status", "renewal_decision",
                    "window_opened_on", "decision_overdue_on", "is_demo"]
    list_filter = ["status", "renewal_decision", "city_wide", "is_demo",
                   ("window_opened_on", admin.EmptyFieldListFilter),
                   ("decision_overdue_on", admin.EmptyFieldListFilter)]
    search_fields = ["title", "ocid", "buyer__name", "suppliers__name"]
    list_select_related = ["buyer"]
    filter_horizontal = ["wards", "suppliers"]
    readonly_fields = ["window_opened_on", "decision_overdue_on", "renewal_decision", "renewal_decided_on", "version"]
    fields = ["ocid", "title", "description", "buyer", "suppliers", "value", "period_start", "period_end",
              "max_extent_date", "decision_due", "city_wide", "wards", "status", "window_opened_on",
              "decision_overdue_on", "renewal_decision", "renewal_decided_on", "version", "is_demo"]

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        values = {name: data[name] for name in services.FIELDS}
        if obj is None:
            return services.contract_create(user=request.user, wards=data["wards"], suppliers=data["suppliers"],
                                            is_demo=data["is_demo"], **values)
        return services.contract_update(user=request.user, contract=obj, version=version_of(form, obj),
                                        wards=data["wards"], suppliers=data["suppliers"], **values)


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "identifier", "is_demo"]
    search_fields = ["name", "identifier"]


@admin.register(ServiceSpecification)
class ServiceSpecificationAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["contract", "number", "title", "issued_on"]
    search_fields = ["contract__title", "title"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "document_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["contract", "number", "title", "issued_on", "summary", "ward_influence", "document_url",
                "is_demo"] if obj else ["number"]

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        return services.specification_add(user=request.user, contract=data["contract"], title=data["title"],
                                          issued_on=data["issued_on"], summary=data["summary"],
                                          ward_influence=data["ward_influence"], document_url=data["document_url"],
                                          is_demo=data["is_demo"])


@admin.register(ContractReview)
class ContractReviewAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["contract", "kind", "reviewed_on", "rating"]
    list_filter = ["kind", "rating"]
    list_select_related = ["contract"]
    raw_id_fields = ["contract"]

    def get_readonly_fields(self, request, obj=None):
        return ["contract", "kind", "reviewed_on", "rating", "findings", "is_demo"] if obj else []

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        return services.review_add(user=request.user, contract=data["contract"], kind=data["kind"],
                                   reviewed_on=data["reviewed_on"], rating=data["rating"], findings=data["findings"],
                                   is_demo=data["is_demo"])


@admin.register(WardInput)
class WardInputAdmin(SimpleHistoryAdmin):
    list_display = ["contract", "ward", "submitted_by", "submitted_at", "answered_at"]
    list_select_related = ["contract", "ward", "submitted_by"]
    search_fields = ["contract__title", "ward__name", "statement"]
    readonly_fields = ["contract", "ward", "priorities", "statement", "submitted_by", "submitted_at", "answer",
                       "answered_by", "answered_at", "version", "is_demo"]

    def has_add_permission(self, request):
        return False
