from django.contrib import admin
from django.db.models import Prefetch
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    BoundaryGeneration,
    CouncillorSeat,
    ForumMeeting,
    Neighbourhood,
    Postcode,
    Priority,
    ProgressUpdate,
    SpendLine,
    Ward,
    WardBudget,
    WardChampion,
    WardForum,
    WardPlan,
)

WARD_GEOMETRY = ("boundary", "boundary_simplified")


def ward_geometry_at(path: str) -> list[str]:
    """The boundary fields of the ward at the end of a join path, for defer()."""
    return [f"{path}__{name}" for name in WARD_GEOMETRY]


class WithoutBoundariesMixin:
    """Ward choices in forms (selects, autocompletes, filter_horizontal) never load boundaries:
    they are large and a form only needs a ward's name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Ward:
            kwargs.setdefault("queryset", Ward.objects.without_geometry())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Ward:
            kwargs.setdefault("queryset", Ward.objects.without_geometry())
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CouncillorSeatInline(admin.TabularInline):
    model = CouncillorSeat
    extra = 0
    autocomplete_fields = ["councillor"]
    fields = ["councillor", "party", "term_start", "term_end", "is_demo"]


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0
    fields = ["name", "description"]


class WardChampionInline(admin.TabularInline):
    model = WardChampion
    extra = 0
    autocomplete_fields = ["officer"]
    fields = ["officer", "since"]


@admin.register(BoundaryGeneration)
class BoundaryGenerationAdmin(admin.ModelAdmin):
    list_display = ["name", "legislation", "valid_from", "valid_to"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "seats", "constituency", "locality", "generation_low", "generation_high"]
    list_filter = ["generation_low", "generation_high", "constituency", "locality", "seats"]
    search_fields = ["name", "gss_code", "constituency"]
    list_select_related = ["generation_low", "generation_high"]
    readonly_fields = ["boundary", "boundary_simplified", "min_latitude", "max_latitude",
                       "min_longitude", "max_longitude"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CouncillorSeatInline, NeighbourhoodInline, WardChampionInline]
    fieldsets = [
        (None, {"fields": ["generation_low", "generation_high", "gss_code", "name", "slug", "seats"]}),
        ("Where", {"fields": ["constituency", "constituency_code", "locality", "area_hectares",
                              "centroid_latitude", "centroid_longitude"]}),
        ("Boundary (loaded with load_wards)", {"classes": ["collapse"], "fields": [
            "boundary_simplified", "boundary", "min_latitude", "max_latitude", "min_longitude", "max_longitude"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The list never shows boundaries: don't fetch 1.5 MB of coordinates to draw a table.
        # Nor do the ward look-ups of other models' autocomplete fields.
        if request.resolver_match and (request.resolver_match.url_name.endswith("changelist")
                                       or request.resolver_match.url_name == "autocomplete"):
            return qs.defer("boundary", "boundary_simplified")
        return qs


@admin.register(CouncillorSeat)
class CouncillorSeatAdmin(admin.ModelAdmin):
    list_display = ["councillor", "ward", "party", "term_start", "term_end", "is_demo"]
    list_filter = ["party", "is_demo", "ward__constituency"]
    search_fields = ["councillor__first_name", "councillor__last_name", "ward__name"]
    list_select_related = ["councillor", "ward"]
    autocomplete_fields = ["councillor", "ward"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "ward", "latitude", "longitude", "approximate"]
    list_filter = ["approximate"]
    search_fields = ["postcode", "compact"]
    list_select_related = ["ward"]
    raw_id_fields = ["ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("ward__boundary", "ward__boundary_simplified")


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(WithoutBoundariesMixin, admin.ModelAdmin):
    list_display = ["name", "ward"]
    list_filter = ["ward__constituency"]
    search_fields = ["name", "ward__name"]
    list_select_related = ["ward"]
    autocomplete_fields = ["ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ward").defer(*ward_geometry_at("ward"))


@admin.register(WardChampion)
class WardChampionAdmin(WithoutBoundariesMixin, admin.ModelAdmin):
    list_display = ["officer", "ward", "since"]
    list_filter = ["ward__constituency"]
    search_fields = ["officer__first_name", "officer__last_name", "ward__name"]
    list_select_related = ["officer", "ward"]
    autocomplete_fields = ["officer", "ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("officer", "ward").defer(*ward_geometry_at("ward"))


# Ward Forums and their meetings

@admin.register(WardForum)
class WardForumAdmin(WithoutBoundariesMixin, admin.ModelAdmin):
    list_display = ["name", "ward_names", "is_demo"]
    list_filter = ["is_demo", "wards__constituency"]
    search_fields = ["name", "wards__name"]
    filter_horizontal = ["wards", "member_organisations"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("wards", queryset=Ward.objects.without_geometry().only("pk", "name"))
        )

    @admin.display(description="wards")
    def ward_names(self, obj):
        return ", ".join(ward.name for ward in obj.wards.all())


@admin.register(ForumMeeting)
class ForumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["forum", "starts_at", "status", "attendance_count", "venue"]
    list_filter = ["status", "forum"]
    date_hierarchy = "starts_at"
    search_fields = ["forum__name", "venue", "agenda"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum", "created_by"]
    filter_horizontal = ["organisations_attending"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("forum")


# Ward Plans

class VersionedAdmin(WithoutBoundariesMixin, SimpleHistoryAdmin):
    """Plans, priorities and actions carry a version with which the plan pages refuse stale
    edits. An admin's change raises it too, so a form opened before it cannot overwrite it."""

    readonly_fields = ["version"]

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.initial_forms:
            if inline_form.has_changed() and hasattr(inline_form.instance, "version"):
                inline_form.instance.version += 1
        super().save_formset(request, form, formset, change)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["position", "title", "theme", "source", "version"]
    readonly_fields = ["version"]
    show_change_link = True


@admin.register(WardPlan)
class WardPlanAdmin(VersionedAdmin):
    list_display = ["title", "period", "status", "version", "updated_at"]
    list_filter = ["status", "period"]
    search_fields = ["title", "wards__name"]
    filter_horizontal = ["wards"]
    autocomplete_fields = ["copied_from", "created_by"]
    readonly_fields = ["version", "updated_at", "published_at"]
    inlines = [PriorityInline]

    def get_queryset(self, request):
        # The change form reads the plan's wards for its initial value: without their boundaries.
        return super().get_queryset(request).prefetch_related(
            Prefetch("wards", queryset=Ward.objects.without_geometry())
        )


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["position", "description", "lead_organisation", "status", "due_date", "version"]
    readonly_fields = ["version"]
    autocomplete_fields = ["lead_organisation"]
    show_change_link = True


@admin.register(Priority)
class PriorityAdmin(VersionedAdmin):
    list_display = ["title", "plan", "position", "theme", "source"]
    list_filter = ["theme", "source", "plan__status", "plan__period"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan"]
    autocomplete_fields = ["plan", "neighbourhood"]
    inlines = [ActionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "neighbourhood":  # its name shows its ward's
            kwargs["queryset"] = Neighbourhood.objects.select_related("ward").defer(*ward_geometry_at("ward"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    list_display = ["__str__", "priority", "lead_organisation", "status", "due_date"]
    list_filter = ["status", "priority__theme", "priority__plan__period"]
    search_fields = ["description", "priority__title", "priority__plan__title"]
    list_select_related = ["priority", "lead_organisation"]
    autocomplete_fields = ["priority", "lead_organisation", "lead_officer"]
    filter_horizontal = ["partners"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "author", "created_at", "status_before", "status_after"]
    list_filter = ["status_after"]
    date_hierarchy = "created_at"
    search_fields = ["note", "action__description"]
    list_select_related = ["action", "author"]
    autocomplete_fields = ["action", "author"]


# Ward budgets

@admin.register(WardBudget)
class WardBudgetAdmin(WithoutBoundariesMixin, SimpleHistoryAdmin):
    list_display = ["ward", "period", "allocation"]
    list_filter = ["period", "ward__constituency"]
    search_fields = ["ward__name", "period"]
    list_select_related = ["ward"]
    autocomplete_fields = ["ward"]

    def get_queryset(self, request):
        # Its name is its ward's: every page that shows a budget joins the ward, less its boundary.
        return super().get_queryset(request).select_related("ward").defer(*ward_geometry_at("ward"))


@admin.register(SpendLine)
class SpendLineAdmin(SimpleHistoryAdmin):
    list_display = ["description", "budget", "amount", "spent_on", "priority"]
    list_filter = ["budget__period", "budget__ward__constituency"]
    date_hierarchy = "spent_on"
    search_fields = ["description", "budget__ward__name", "priority__title"]
    list_select_related = ["budget__ward", "priority"]
    autocomplete_fields = ["budget", "priority", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("budget__ward", "priority").defer(
            *ward_geometry_at("budget__ward")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "budget":  # a budget's name is its ward's
            kwargs["queryset"] = WardBudget.objects.select_related("ward").defer(*ward_geometry_at("ward"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
