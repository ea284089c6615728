from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from localism.accounts.models import User
from localism.core.admin import HTTPS_BY_DEFAULT, LightChoicesMixin, read_choices_once
from wards.models import Ward

from . import services
from .models import Booking, Closure, Hub, HubService, Occupancy, OpeningHours, ServiceSchedule, Space


def spaces_with_hubs():
    # A space's name shows its hub's: read them together.
    return Space.objects.select_related("hub")


# Hubs and their parts

class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ["weekday", "opens", "closes"]


class SpaceInline(admin.TabularInline):
    model = Space
    extra = 0
    fields = ["name", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed", "accessible"]
    show_change_link = True


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0
    fields = ["space", "starts_on", "ends_on", "reason"]

    def get_queryset(self, request):
        # Each row is headed by the closure's name, which names its space and hub.
        return super().get_queryset(request).select_related("hub", "space__hub")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "space":  # only this hub's spaces; none until the hub is saved
            hub_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = spaces_with_hubs().filter(hub_id=hub_id) if hub_id else Space.objects.none()
            return read_choices_once(super().formfield_for_foreignkey(db_field, request, **kwargs))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Hub)
class HubAdmin(LightChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "ward", "postcode", "is_library", "is_demo"]
    list_filter = ["is_library", "is_demo", "ward__constituency"]
    search_fields = ["name", "address", "postcode", "ward__name"]
    list_select_related = ["ward"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["ward"]
    filter_horizontal = ["managers"]
    formfield_overrides = HTTPS_BY_DEFAULT
    inlines = [OpeningHoursInline, SpaceInline, ClosureInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "ward", "description", "managers"]}),
        ("Where and how to get in touch", {"fields": ["address", "postcode", "latitude", "longitude", "email",
                                                      "phone", "website", "accessibility"]}),
        ("Source", {"fields": ["is_library", "is_demo"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_ward()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Until wards' choices come light by themselves (`for_choices()`), leave out boundaries here.
        if db_field.related_model is Ward and not hasattr(Ward.objects.all(), "for_choices"):
            kwargs.setdefault("queryset", Ward.objects.without_geometry())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "managers":  # hubs are run by officers (and admins)
            kwargs["queryset"] = User.objects.filter(role__in=[User.Role.OFFICER, User.Role.ADMIN])
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "hub", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed"]
    list_filter = ["kind", "bookable_by", "approval_needed", "hub__is_library", "hub"]
    search_fields = ["name", "hub__name"]
    list_select_related = ["hub"]
    autocomplete_fields = ["hub"]

    def get_queryset(self, request):
        # Also the spaces offered by other models' autocomplete fields, labelled with their hub.
        return super().get_queryset(request).select_related("hub")


class ClosureForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        hub, space = data.get("hub"), data.get("space")
        if hub and space and space.hub_id != hub.pk:
            self.add_error("space", services.SPACE_NOT_IN_HUB.format(hub=hub.name))
        return data


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    form = ClosureForm
    list_display = ["hub", "space", "starts_on", "ends_on", "reason"]
    list_filter = ["hub"]
    date_hierarchy = "starts_on"
    search_fields = ["reason", "hub__name", "space__name"]
    list_select_related = ["hub", "space__hub"]
    autocomplete_fields = ["hub", "space"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "space":
            kwargs["queryset"] = spaces_with_hubs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Occupiers

class OccupancyForm(forms.ModelForm):
    """The checks of services.occupancy_save, for changes made here."""

    def clean(self):
        data = super().clean()
        hub, spaces = data.get("hub"), data.get("spaces")
        if hub and spaces and any(s.hub_id != hub.pk for s in spaces):
            self.add_error("spaces", services.SPACE_NOT_IN_HUB.format(hub=hub.name))
        starts_on, ends_on, break_date = data.get("starts_on"), data.get("ends_on"), data.get("break_date")
        if break_date and starts_on and (break_date < starts_on or (ends_on and break_date > ends_on)):
            self.add_error("break_date", services.BREAK_OUTSIDE_TERM)
        return data


@admin.register(Occupancy)
class OccupancyAdmin(SimpleHistoryAdmin):
    form = OccupancyForm
    list_display = ["organisation", "hub", "agreement", "starts_on", "ends_on", "break_date", "yearly_charge",
                    "status"]
    list_filter = ["status", "agreement", "organisation__kind", "hub"]
    date_hierarchy = "starts_on"
    search_fields = ["organisation__name", "hub__name", "notes"]
    list_select_related = ["organisation", "hub"]
    autocomplete_fields = ["hub", "organisation"]
    filter_horizontal = ["spaces"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "hub")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "spaces":
            kwargs["queryset"] = spaces_with_hubs()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# Services

class ServiceScheduleInline(admin.TabularInline):
    model = ServiceSchedule
    extra = 0
    fields = ["weekday", "opens", "closes"]


@admin.register(HubService)
class HubServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "hub", "organisation", "category", "is_active", "is_demo"]
    list_filter = ["category", "is_active", "is_demo", "hub"]
    search_fields = ["name", "description", "organisation__name", "hub__name"]
    list_select_related = ["hub", "organisation"]
    autocomplete_fields = ["hub", "organisation"]
    formfield_overrides = HTTPS_BY_DEFAULT
    inlines = [ServiceScheduleInline]


# Bookings

class BookingForm(forms.ModelForm):
    """Two bookings that hold a slot never overlap in one space, whoever makes them."""

    def clean(self):
        data = super().clean()
        space, starts_at, ends_at = data.get("space"), data.get("starts_at"), data.get("ends_at")
        if space and starts_at and ends_at and ends_at > starts_at and data.get("status") in Booking.HOLDING:
            clash = (Booking.objects.holding().overlapping(starts_at, ends_at).filter(space=space)
                     .exclude(pk=self.instance.pk).select_related("space").order_by("starts_at").first())
            if clash:
                raise ValidationError(services.BookingConflict(clash).message)
        return data


@admin.register(Booking)
class BookingAdmin(SimpleHistoryAdmin):
    form = BookingForm
    list_display = ["space", "starts_at", "ends_at", "organisation", "status"]
    list_filter = ["status", "space__hub"]
    date_hierarchy = "starts_at"
    search_fields = ["purpose", "booked_for", "organisation__name", "space__name", "space__hub__name"]
    list_select_related = ["space__hub", "organisation"]
    autocomplete_fields = ["space", "organisation", "requested_by", "decided_by"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("space__hub", "organisation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "space":
            kwargs["queryset"] = spaces_with_hubs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
