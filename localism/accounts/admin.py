from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "member_count", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_members=Count("members"))

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj):
        return obj._members


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Role in the council's work", {"fields": ["role", "organisation", "job_title"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Role in the council's work", {"fields": ["role", "organisation", "job_title", "email"]}),
    )

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()
