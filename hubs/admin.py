"""Django admin for hubs. Bookings, occupancies, spaces, services and closures are saved through
the services, so admin refuses what the pages and the API refuse (overlap, opening hours,
capacity, closures, dates and spaces of an agreement), with the same messages. Opening hours,
services' times and spaces' rates are shown here and changed on the hub's setup pages, whose
services check that spells do not overlap."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from localism.accounts.models import User
from localism.core.admin import HTTPS_BY_DEFAULT, LightChoicesMixin, ServiceAdminMixin, read_choices_once
from localism.core.errors import ServiceError

from . import services
from .models import Booking, Closure, Hub, HubService, Occupancy, OpeningHours, ServiceSchedule, Space, SpaceRate
from .services import setup


def spaces_with_hubs():
    # A space's name shows its hub's: read them together.
    return Space.objects.select_related("hub")


# Hubs and their parts

class ReadOnlyInline(admin.TabularInline):
    """Shown beside their parent; changed through their own services (the setup pages)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OpeningHoursInline(ReadOnlyInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes"]


class SpaceInline(ReadOnlyInline):
    model = Space
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "managers":  # hubs are run by officers (and admins)
            kwargs["queryset"] = User.objects.filter(role__in=[User.Role.OFFICER, User.Role.ADMIN])
        return super().formfield_for_manytomany(db_field, request, **kwargs)


SPACE_FIELDS = ("name", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed", "accessible", "notes")


@admin.register(Space)
class SpaceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "hub", "kind", "capacity", "floor_area_m2", "bookable_by", "approval_needed"]
    list_filter = ["kind", "bookable_by", "approval_needed", "hub__is_library", "hub"]
    search_fields = ["name", "hub__name"]
    list_select_related = ["hub"]
    autocomplete_fields = ["hub"]

    fields = ["hub", *SPACE_FIELDS, "hourly_rates"]
    readonly_fields = ["hourly_rates"]

    @admin.display(description="Hourly rates (changed on the hub's setup pages)")
    def hourly_rates(self, obj):
        rates = SpaceRate.objects.filter(space=obj) if obj and obj.pk else []
        return "; ".join(f"{r.get_booker_kind_display()}: £{r.hourly_rate}" for r in rates) or "Free to use"

    def get_queryset(self, request):
        # Also the spaces offered by other models' autocomplete fields, labelled with their hub.
        return super().get_queryset(request).select_related("hub")

    def service_save(self, request, form, obj):
        return setup.space_save(user=request.user, hub=form.cleaned_data["hub"], space=obj,
                                **{name: form.cleaned_data[name] for name in SPACE_FIELDS})

    def has_delete_permission(self, request, obj=None):
        # A space in an agreement stays (the service's rule); booked ones admin's own check keeps.
        if obj is not None and obj.occupancies.exists():
            return False
        return super().has_delete_permission(request, obj)

    def service_delete(self, request, obj):
        setup.space_delete(user=request.user, space=obj)


@admin.register(Closure)
class ClosureAdmin(ServiceAdminMixin, admin.ModelAdmin):
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

    def service_save(self, request, form, obj):
        return setup.closure_save(user=request.user, closure=obj, **{
            name: form.cleaned_data[name] for name in ("hub", "space", "starts_on", "ends_on", "reason")})


# Occupiers

@admin.register(Occupancy)
class OccupancyAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
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

    def service_save(self, request, form, obj):
        fields = ("hub", "organisation", "spaces", "agreement", "starts_on", "ends_on", "break_date",
                  "yearly_charge", "status", "notes")
        return services.occupancy_save(user=request.user, occupancy=obj,
                                       **{name: form.cleaned_data[name] for name in fields})


# Services

class ServiceScheduleInline(ReadOnlyInline):
    model = ServiceSchedule
    fields = ["weekday", "opens", "closes"]


SERVICE_FIELDS = ("name", "organisation", "description", "category", "who_for", "how_to_access", "email", "phone",
                  "url", "is_active", "is_demo")


@admin.register(HubService)
class HubServiceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "hub", "organisation", "category", "is_active", "is_demo"]
    list_filter = ["category", "is_active", "is_demo", "hub"]
    search_fields = ["name", "description", "organisation__name", "hub__name"]
    list_select_related = ["hub", "organisation"]
    autocomplete_fields = ["hub", "organisation"]
    formfield_overrides = HTTPS_BY_DEFAULT
    fields = ["hub", *SERVICE_FIELDS]
    inlines = [ServiceScheduleInline]

    def service_save(self, request, form, obj):
        return setup.hub_service_save(user=request.user, hub=form.cleaned_data["hub"], service=obj,
                                      **{name: form.cleaned_data[name] for name in SERVICE_FIELDS})

    def service_delete(self, request, obj):
        setup.hub_service_delete(user=request.user, service=obj)


# Bookings

BOOKING_FIELDS = ("space", "starts_at", "ends_at", "organisation", "booked_for", "purpose", "attendees")


def _decide_action(service, description: str, done: str):
    """An admin action that takes each chosen booking through a booking service."""

    def act(modeladmin, request, queryset):
        n = 0
        for booking in queryset.select_related("space__hub").order_by("pk"):
            try:
                service(booking=booking, user=request.user)
            except (ServiceError, ValidationError) as error:
                text = getattr(error, "message", None) or " ".join(error.messages)
                modeladmin.message_user(request, f"{booking}: {text}", messages.ERROR)
            else:
                n += 1
        if n:
            modeladmin.message_user(request, done.format(n=n), messages.SUCCESS)

    act.__name__ = service.__name__
    return admin.action(description=description)(act)


@admin.register(Booking)
class BookingAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """A booking made or moved here is checked by the booking services like any other: the admin
    books as themselves; its status changes only through approval, turning down or cancellation."""

    fields = [*BOOKING_FIELDS, "status", "requested_by", "decided_by", "decided_at", "decision_note", "series",
              "created_at"]
    readonly_fields = ["status", "requested_by", "decided_by", "decided_at", "decision_note", "series",
                       "created_at"]
    list_display = ["space", "starts_at", "ends_at", "organisation", "status"]
    list_filter = ["status", "space__hub"]
    date_hierarchy = "starts_at"
    search_fields = ["purpose", "booked_for", "organisation__name", "space__name", "space__hub__name"]
    list_select_related = ["space__hub", "organisation"]
    autocomplete_fields = ["space", "organisation"]
    actions = [
        _decide_action(services.booking_approve, "Approve the chosen requests", "Approved {n} booking(s)."),
        _decide_action(services.booking_reject, "Turn down the chosen requests", "Turned down {n} booking(s)."),
        _decide_action(services.booking_cancel, "Cancel the chosen bookings", "Cancelled {n} booking(s)."),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("space__hub", "organisation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "space":
            kwargs["queryset"] = spaces_with_hubs()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def service_save(self, request, form, obj):
        fields = {name: form.cleaned_data.get(name) for name in BOOKING_FIELDS}
        fields["booked_for"] = fields["booked_for"] or ""
        if obj is None:
            return services.booking_create(requester=request.user, **fields)
        return services.booking_update(booking=obj, user=request.user, **fields)
