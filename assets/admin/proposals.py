"""Admin for the uses proposed for assets from Ward Plans: read and search them, with their
history. The status and the answer are the service's (answered on the asset officers' pages)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import AssetUseProposal


@admin.register(AssetUseProposal)
class AssetUseProposalAdmin(SimpleHistoryAdmin):
    list_display = ["asset", "priority", "proposed_by", "status", "created_at", "answered_at"]
    list_filter = ["status", "is_demo"]
    search_fields = ["asset__name", "priority__title", "proposed_use"]
    list_select_related = ["asset", "priority", "proposed_by"]
    raw_id_fields = ["asset", "priority", "proposed_by", "answered_by"]
    readonly_fields = ["status", "answer", "answered_by", "answered_at", "version", "created_at"]
