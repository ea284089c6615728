from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_at", "size_bytes", "file"]
    list_filter = ["kind", "published_at"]
    search_fields = ["title", "file"]
    date_hierarchy = "published_at"
    readonly_fields = ["size_bytes", "figures"]
