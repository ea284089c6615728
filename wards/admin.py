from django.contrib import admin

from .models import BoundaryGeneration, CouncillorSeat, Postcode, Ward


class CouncillorSeatInline(admin.TabularInline):
    model = CouncillorSeat
    extra = 0
    autocomplete_fields = ["councillor"]
    fields = ["councillor", "party", "term_start", "term_end", "is_demo"]


@admin.register(BoundaryGeneration)
class BoundaryGenerationAdmin(admin.ModelAdmin):
    list_display = ["name", "legislation", "valid_from", "valid_to"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "seats", "constituency", "locality", "generation"]
    list_filter = ["generation", "constituency", "locality", "seats"]
    search_fields = ["name", "gss_code", "constituency"]
    list_select_related = ["generation"]
    readonly_fields = ["boundary", "boundary_simplified", "min_latitude", "max_latitude",
                       "min_longitude", "max_longitude"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CouncillorSeatInline]
    fieldsets = [
        (None, {"fields": ["generation", "gss_code", "name", "slug", "seats"]}),
        ("Where", {"fields": ["constituency", "constituency_code", "locality", "area_hectares",
                              "centroid_latitude", "centroid_longitude"]}),
        ("Boundary (loaded with load_wards)", {"classes": ["collapse"], "fields": [
            "boundary_simplified", "boundary", "min_latitude", "max_latitude", "min_longitude", "max_longitude"]}),
    ]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        # The list never shows boundaries: don't fetch 1.5 MB of coordinates to draw a table.
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
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
