"""Residents' ideas in admin: read them with their support (read-only), and hide one with a
reason through the same service the pages use. Ideas are proposed by residents, not in admin."""

from django.contrib import admin

from localism.core.admin import ServiceAdminMixin

from ..models import Idea, Support
from ..services.ideas import idea_hide

IDEA_FIELDS = ["ward", "title", "description", "theme", "created_at", "status", "response", "responded_at",
               "responded_by", "priority", "referred_to", "meeting", "hidden_at", "hidden_by", "version"]


class SupportInline(admin.TabularInline):
    model = Support
    fields = ["created_at", "by_account"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(boolean=True, description="With an account")
    def by_account(self, support):
        return support.supporter_id is not None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "ward", "status", "created_at", "hidden_at"]
    list_filter = ["status", "theme", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "ward__name"]
    list_select_related = ["ward"]
    fields = [*IDEA_FIELDS, "hidden_reason"]
    readonly_fields = IDEA_FIELDS
    inlines = [SupportInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("ward__boundary", "ward__boundary_simplified")

    def get_readonly_fields(self, request, obj=None):
        # Once hidden, the reason stays as it was recorded.
        return [*IDEA_FIELDS, "hidden_reason"] if obj is not None and obj.hidden_at else IDEA_FIELDS

    def has_add_permission(self, request):
        return False

    def service_save(self, request, form, obj):
        reason = form.cleaned_data.get("hidden_reason", "")
        if obj.hidden_at is None and reason.strip():
            return idea_hide(idea=obj, user=request.user, reason=reason)
        return Idea.objects.get(pk=obj.pk)
