from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from . import services
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
        ("Closing the account", {
            "fields": ["closed_at"],
            "description": "Untick “Active” to close the account: the person can no longer sign in or use "
                           "the API, and the account is deleted with its personal data after the period "
                           "the privacy notice states. Tick it again before then to reopen it.",
        }),
    )
    readonly_fields = ["closed_at"]
    actions = ["close_accounts"]
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("Role in the council's work", {"fields": ["role", "organisation", "job_title", "email"]}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Closing and reopening go through the service, which also records when and revokes the token.
        if "is_active" in form.changed_data or (not change and not obj.is_active):
            if obj.is_active:
                services.user_reopen(user=obj)
            else:
                services.user_close(user=obj)

    @admin.action(description="Close the selected accounts")
    def close_accounts(self, request, queryset):
        for user in queryset.filter(closed_at__isnull=True).order_by("pk"):
            services.user_close(user=user)
        self.message_user(request, "The selected accounts are closed. Each is deleted, with its personal "
                                   "data, after the period the privacy notice states.")

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name()
