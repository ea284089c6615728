from django.contrib import admin
from django.db.models import Prefetch
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from localism.core.admin import LightChoicesMixin, ServiceAdminMixin, version_of
from localism.core.errors import Invalid

from . import services
from .models import (
    Action,
    BoundaryGeneration,
    CensusFigure,
    CouncillorSeat,
    DeprivationSummary,
    ForumMeeting,
    Neighbourhood,
    Postcode,
    Priority,
    ProgressUpdate,
    SmallArea,
    SpendLine,
    Ward,
    WardBudget,
    WardChampion,
    WardForum,
    WardPlan,
    WardProfile,
)

WARD_GEOMETRY = ("boundary", "boundary_simplified")


def ward_geometry_at(path: str) -> list[str]:
    """The boundary fields of the ward at the end of a join path, for defer()."""
    return [f"{path}__{name}" for name in WARD_GEOMETRY]


class CouncillorSeatInline(admin.TabularInline):
    model = CouncillorSeat
    extra = 0
    autocomplete_fields = ["councillor"]
    fields = ["name", "councillor", "party", "term_start", "term_end", "email", "is_demo"]


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
    list_display = ["name", "ward", "party", "term_start", "term_end", "councillor", "is_demo"]
    list_filter = ["party", "is_demo", "ward__constituency"]
    search_fields = ["name", "email", "councillor__first_name", "councillor__last_name", "ward__name"]
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
class NeighbourhoodAdmin(LightChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "ward"]
    list_filter = ["ward__constituency"]
    search_fields = ["name", "ward__name"]
    list_select_related = ["ward"]
    autocomplete_fields = ["ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ward").defer(*ward_geometry_at("ward"))


@admin.register(WardChampion)
class WardChampionAdmin(LightChoicesMixin, admin.ModelAdmin):
    list_display = ["officer", "ward", "since"]
    list_filter = ["ward__constituency"]
    search_fields = ["officer__first_name", "officer__last_name", "ward__name"]
    list_select_related = ["officer", "ward"]
    autocomplete_fields = ["officer", "ward"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("officer", "ward").defer(*ward_geometry_at("ward"))


# Ward Forums and their meetings

@admin.register(WardForum)
class WardForumAdmin(ServiceAdminMixin, LightChoicesMixin, admin.ModelAdmin):
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

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        details = {"name": data["name"], "description": data["description"], "wards": data["wards"]}
        if obj is None:
            return services.ward_forum_create(user=request.user, members=data["member_organisations"],
                                              is_demo=data["is_demo"], **details)
        return services.ward_forum_update(forum=obj, user=request.user, members=data["member_organisations"],
                                          **details)


MEETING_BACK_TO_PLANNED = "A held or cancelled meeting cannot be planned again: schedule a new one."


@admin.register(ForumMeeting)
class ForumMeetingAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["forum", "starts_at", "status", "attendance_count", "venue"]
    list_filter = ["status", "forum"]
    date_hierarchy = "starts_at"
    search_fields = ["forum__name", "venue", "agenda"]
    list_select_related = ["forum"]
    autocomplete_fields = ["forum"]
    filter_horizontal = ["organisations_attending"]
    fields = ["forum", "starts_at", "ends_at", "venue", "agenda", "status", "cancellation_reason", "minutes",
              "attendance_count", "organisations_attending", "minutes_file", "is_demo", "created_by"]
    readonly_fields = ["created_by", "minutes_file"]  # a minutes file is attached on the meeting's page

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("forum")

    def get_readonly_fields(self, request, obj=None):
        # A new meeting is planned; a meeting stays in its forum.
        if obj is None:
            return [*self.readonly_fields, "status", "cancellation_reason", "minutes", "attendance_count",
                    "organisations_attending"]
        return [*self.readonly_fields, "forum", "is_demo"]

    def service_save(self, request, form, obj):
        data, user = form.cleaned_data, request.user
        when = {name: data[name] for name in ("starts_at", "ends_at", "venue", "agenda")}
        if obj is None:
            return services.forum_meeting_schedule(forum=data["forum"], user=user, is_demo=data["is_demo"], **when)
        meeting, status = obj, data["status"]
        stored = ForumMeeting.objects.get(pk=obj.pk)
        if status == ForumMeeting.Status.PLANNED and stored.status != ForumMeeting.Status.PLANNED:
            raise Invalid({"status": MEETING_BACK_TO_PLANNED})
        if any(when[name] != getattr(stored, name) for name in when):
            meeting = services.forum_meeting_update(meeting=meeting, user=user, **when)
        if status == ForumMeeting.Status.HELD:
            meeting = services.forum_meeting_record(meeting=meeting, user=user, minutes=data["minutes"],
                                                    attendance_count=data["attendance_count"],
                                                    organisations=data["organisations_attending"])
        elif status == ForumMeeting.Status.CANCELLED:
            meeting = services.forum_meeting_cancel(meeting=meeting, user=user, reason=data["cancellation_reason"])
        return meeting


# Ward Plans: saves go through the plan services, so admin refuses what the pages and the API
# refuse (a ward where the editor holds no seat, a second live plan, a stale version).

class ReadOnlyInline(admin.TabularInline):
    """The records of a plan or priority, as links: each is changed on its own page, through
    its own service."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class PriorityInline(ReadOnlyInline):
    model = Priority
    fields = ["position", "title", "theme", "source", "version"]


@admin.register(WardPlan)
class WardPlanAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["title", "period", "status", "version", "updated_at"]
    list_filter = ["status", "period"]
    search_fields = ["title", "wards__name"]
    filter_horizontal = ["wards"]
    autocomplete_fields = ["copied_from"]
    fields = ["title", "wards", "period", "plan_status", "summary", "copied_from", "is_demo", "version",
              "created_by", "updated_at", "published_at"]
    # The status changes only on the plan's own page, which says what publishing or archiving
    # will do and asks for confirmation first.
    readonly_fields = ["plan_status", "version", "created_by", "updated_at", "published_at"]
    inlines = [PriorityInline]

    @admin.display(description="status")
    def plan_status(self, obj):
        if obj is None or obj.pk is None:
            return "Draft (a new plan starts as a draft)"
        return format_html('{} — to publish, consult on or archive it, use <a href="{}">the plan\'s page</a>, '
                           "which says what will happen and asks you to confirm.",
                           obj.get_status_display(), obj.get_absolute_url())

    def get_queryset(self, request):
        # The change form reads the plan's wards for its initial value: without their boundaries.
        return super().get_queryset(request).prefetch_related(
            Prefetch("wards", queryset=Ward.objects.without_geometry())
        )

    def get_readonly_fields(self, request, obj=None):
        # A plan starts as a draft; where it was copied from stays as it was.
        return self.readonly_fields if obj is None else [*self.readonly_fields, "copied_from", "is_demo"]

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        content = {"title": data["title"], "period": data["period"], "summary": data["summary"],
                   "wards": list(data["wards"])}
        if obj is None:
            return services.ward_plan_create(user=request.user, copy_from=data["copied_from"],
                                             is_demo=data["is_demo"], **content)
        return services.ward_plan_update(plan=obj, user=request.user, version=version_of(form, obj), **content)

    def service_delete(self, request, obj):
        services.ward_plan_delete(plan=obj, user=request.user)


class ActionInline(ReadOnlyInline):
    model = Action
    fields = ["position", "description", "lead_organisation", "status", "due_date", "version"]


PRIORITY_FIELDS = ["title", "description", "theme", "source", "neighbourhood"]


@admin.register(Priority)
class PriorityAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["title", "plan", "position", "theme", "source"]
    list_filter = ["theme", "source", "plan__status", "plan__period"]
    search_fields = ["title", "plan__title"]
    list_select_related = ["plan"]
    autocomplete_fields = ["plan", "neighbourhood"]
    fields = ["plan", "position", *PRIORITY_FIELDS, "version"]
    # Ranks are set by the service (new priorities go last) and changed on the plan page.
    readonly_fields = ["position", "version"]
    inlines = [ActionInline]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "plan"] if obj is not None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "neighbourhood":  # its name shows its ward's
            kwargs["queryset"] = Neighbourhood.objects.select_related("ward").defer(*ward_geometry_at("ward"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, request, form, obj):
        content = {name: form.cleaned_data[name] for name in PRIORITY_FIELDS}
        if obj is None:
            return services.priority_create(plan=form.cleaned_data["plan"], user=request.user, **content)
        return services.priority_update(priority=obj, user=request.user, version=version_of(form, obj), **content)

    def service_delete(self, request, obj):
        services.priority_delete(priority=obj, user=request.user, version=obj.version)


ACTION_FIELDS = ["description", "lead_organisation", "lead_officer", "partners", "due_date", "status"]


@admin.register(Action)
class ActionAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "priority", "lead_organisation", "status", "due_date"]
    list_filter = ["status", "priority__theme", "priority__plan__period"]
    search_fields = ["description", "priority__title", "priority__plan__title"]
    list_select_related = ["priority", "lead_organisation"]
    autocomplete_fields = ["priority", "lead_organisation", "lead_officer"]
    filter_horizontal = ["partners"]
    fields = ["priority", "position", *ACTION_FIELDS, "version"]
    readonly_fields = ["position", "version"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "priority"] if obj is not None else self.readonly_fields

    def service_save(self, request, form, obj):
        content = {name: form.cleaned_data[name] for name in ACTION_FIELDS}
        content["partners"] = list(content["partners"])
        if obj is None:
            return services.action_create(priority=form.cleaned_data["priority"], user=request.user, **content)
        return services.action_update(action=obj, user=request.user, version=version_of(form, obj), **content)

    def service_delete(self, request, obj):
        services.action_delete(action=obj, user=request.user, version=obj.version)


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
class WardBudgetAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    list_display = ["ward", "period", "allocation"]
    list_filter = ["period", "ward__constituency"]
    search_fields = ["ward__name", "period"]
    list_select_related = ["ward"]
    autocomplete_fields = ["ward"]
    fields = ["ward", "period", "allocation"]

    def get_queryset(self, request):
        # Its name is its ward's: every page that shows a budget joins the ward, less its boundary.
        return super().get_queryset(request).select_related("ward").defer(*ward_geometry_at("ward"))

    def get_readonly_fields(self, request, obj=None):
        return ["ward", "period"] if obj is not None else []

    def service_save(self, request, form, obj):
        ward, period = (obj.ward, obj.period) if obj is not None else (form.cleaned_data["ward"],
                                                                         form.cleaned_data["period"])
        return services.ward_budget_set(user=request.user, ward=ward, period=period,
                                        allocation=form.cleaned_data["allocation"])


@admin.register(SpendLine)
class SpendLineAdmin(ServiceAdminMixin, LightChoicesMixin, SimpleHistoryAdmin):
    """Spending is recorded, corrected and removed through the same services as on the plan's
    page: the same people, the same year and the same allocation. A line keeps its budget."""

    list_display = ["description", "budget", "amount", "spent_on", "priority"]
    list_filter = ["budget__period", "budget__ward__constituency"]
    date_hierarchy = "spent_on"
    search_fields = ["description", "budget__ward__name", "priority__title"]
    list_select_related = ["budget__ward", "priority"]
    autocomplete_fields = ["budget", "priority"]
    fields = ["budget", "priority", "description", "amount", "spent_on", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("budget__ward", "priority").defer(
            *ward_geometry_at("budget__ward")
        )

    def get_readonly_fields(self, request, obj=None):
        return ["budget", "created_by"] if obj is not None else ["created_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "budget":  # a budget's name is its ward's
            kwargs["queryset"] = WardBudget.objects.select_related("ward").defer(*ward_geometry_at("ward"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, request, form, obj):
        data = form.cleaned_data
        line = {"description": data["description"], "amount": data["amount"], "spent_on": data["spent_on"],
                "priority": data["priority"]}
        if obj is None:
            return services.spend_line_create(budget=data["budget"], user=request.user, **line)
        return services.spend_line_update(line=obj, user=request.user, version=version_of(form, obj), **line)

    def service_delete(self, request, obj):
        services.spend_line_delete(line=obj, user=request.user)


class LoadedDataAdmin(admin.ModelAdmin):
    """Figures loaded from published files (manage.py load_ward_profiles): read here, corrected
    by loading a corrected file, never edited by hand."""

    list_select_related = ["ward"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*ward_geometry_at("ward"))


@admin.register(WardProfile)
class WardProfileAdmin(LoadedDataAdmin):
    list_display = ["ward", "release", "usual_residents", "households", "small_areas", "mid_2024_estimate",
                    "fit_ratio", "fit"]
    list_filter = ["fit", "release"]
    search_fields = ["ward__name", "ward__gss_code"]


@admin.register(CensusFigure)
class CensusFigureAdmin(LoadedDataAdmin):
    list_display = ["ward", "table", "code", "ons_category", "count", "ward_total", "percent", "unit"]
    list_filter = ["table", "code", "release"]
    search_fields = ["ward__name", "ward__gss_code"]


@admin.register(DeprivationSummary)
class DeprivationSummaryAdmin(LoadedDataAdmin):
    list_display = ["ward", "city_rank", "small_areas", "most_deprived_10pct", "most_deprived_20pct",
                    "mean_rank", "median_rank", "modal_decile"]
    search_fields = ["ward__name", "ward__gss_code"]


@admin.register(SmallArea)
class SmallAreaAdmin(LoadedDataAdmin):
    list_display = ["code", "name", "census", "ward", "imd_rank", "imd_decile"]
    list_filter = ["census", "imd_decile"]
    search_fields = ["code", "name", "ward__name"]
