from django.contrib import admin

from .models import Notification, NotificationPreference, Report, ReportRun, ReportRunFile, RetentionRecord


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_at", "size_bytes", "file"]
    list_filter = ["kind", "published_at"]
    search_fields = ["title", "file"]
    date_hierarchy = "published_at"
    readonly_fields = ["size_bytes", "figures"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What people were told, for admins answering "did they hear?": read-only, since a
    notification records what happened."""

    list_display = ["subject", "user", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["subject", "user__username", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "kind", "key", "subject", "body", "url", "created_at", "read_at", "emailed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


class ReportRunFileInline(admin.TabularInline):
    model = ReportRunFile
    extra = 0
    readonly_fields = ["name", "file", "content_type", "size_bytes"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Every run of the scheduled reports, the failed ones with their error; a run is made by its
    task (or by staff's "run now"), not typed in."""

    list_display = ["kind", "period_start", "status", "attempts", "started_at", "finished_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "period_start"
    readonly_fields = ["kind", "period_start", "period_end", "status", "attempts", "started_at", "finished_at",
                       "figures", "error", "requested_by", "created_at"]
    inlines = [ReportRunFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetentionRecord)
class RetentionRecordAdmin(admin.ModelAdmin):
    """Each run of a retention job and how much personal data it removed (counts only): written by
    the jobs, never typed in or changed."""

    list_display = ["job", "ran_at", "removed", "rule"]
    list_filter = ["job", "ran_at"]
    date_hierarchy = "ran_at"
    readonly_fields = ["job", "ran_at", "removed", "rule"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
