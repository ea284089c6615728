"""Admin for assets of community value and community asset transfers: read and search them,
with their history. Every date is the service's, so the dates and stages are read-only here;
the steps are taken on the asset officers' pages and through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import CommunityAssetTransfer, CommunityValueNomination


@admin.register(CommunityValueNomination)
class CommunityValueNominationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ward", "nominating_group", "status", "phase", "nomination_date", "decision_due",
                    "decision_overdue", "expiry_date"]
    list_filter = ["status", "phase", "decision_overdue", "is_demo"]
    search_fields = ["asset__name", "site_name", "nominating_group"]
    list_select_related = ["asset", "ward"]
    raw_id_fields = ["asset", "nominated_by", "decided_by", "nominating_organisation", "bidder_organisation"]
    readonly_fields = [
        "decision_due", "decision_overdue", "expiry_date", "review_request_due", "review_decision_due",
        "interim_moratorium_ends", "full_moratorium_ends", "protected_period_ends", "phase", "status", "version",
    ]


@admin.register(CommunityAssetTransfer)
class CommunityAssetTransferAdmin(SimpleHistoryAdmin):
    list_display = ["asset", "organisation", "stage", "expression_of_interest_date", "lease_start_date",
                    "lease_term_years", "lease_rent"]
    list_filter = ["stage", "is_demo"]
    search_fields = ["asset__name", "organisation__name"]
    list_select_related = ["asset", "organisation"]
    raw_id_fields = ["asset", "organisation", "contact", "decided_by"]
    readonly_fields = ["stage", "version"]
