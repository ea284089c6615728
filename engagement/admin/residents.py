"""Residents' details in admin, for staff helping a resident: read-only. Residents change their
postcode themselves (the ward is looked up from it), and an account is closed or deleted through
the accounts app, which removes these details with it."""

from django.contrib import admin

from ..models import ResidentProfile


@admin.register(ResidentProfile)
class ResidentProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "ward", "postcode_approximate", "email_confirmed_at", "notify_new_consultations"]
    list_filter = ["notify_new_consultations", ("email_confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "ward"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "postcode"]
    fields = ["user", "postcode", "ward", "postcode_approximate", "email_confirmed_at", "notify_new_consultations"]
    readonly_fields = fields

    @admin.display(description="email address", ordering="user__email")
    def email(self, profile):
        return profile.user.email

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
