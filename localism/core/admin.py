"""What every app's Django admin shares: saves that go through the app's services, so admin
refuses what the pages and the API refuse, with the same messages (a stale version included),
form choices that read only what a choice needs, and choices of records that refuse what cannot
be an id (the site gives every admin, and each of its inlines, those choices)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models.constants import LOOKUP_SEP

from .errors import Conflict, Refused, StaleEdit, field_messages
from .forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, beyond_range

LOADED_VERSION = "loaded_version"

# Web addresses typed without a scheme are taken as https.
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


def read_choices_once(formfield):
    """Each row of an inline copies its fields, and each copy would query its choices again:
    read them once, when the field is made, and share the list."""
    if formfield is not None:
        formfield.choices = list(formfield.choices)
    return formfield


def _beyond_range_in(model, lookup: str, value: str) -> bool:
    """Whether a list's `field__in=1,2,3` filter holds a number its field cannot: Django answers
    such a number itself in other lookups, but hands an `in` list to the database as it is."""
    *path, last = lookup.split(LOOKUP_SEP)
    if last != "in" or not path:
        return False
    opts, field = model._meta, None
    for name in path:
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:
            return False
        if field.is_relation and field.related_model is not None:
            opts = field.related_model._meta
            field = opts.pk
    return any(beyond_range(field, item) for item in value.split(","))


class BoundedChoicesMixin:
    """Choices of related records (selects, autocompletes, filter_horizontal, raw ids) refuse an
    id beyond the ids' range as they refuse an id that does not exist, rather than a 500; and a
    list filtered by such an id is a bad request (400)."""

    def lookup_allowed(self, lookup, value, request):
        if isinstance(value, str) and _beyond_range_in(self.model, lookup, value):
            return False
        return super().lookup_allowed(lookup, value, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def with_bounded_choices(admin_class):
    """`admin_class` (a ModelAdmin or an inline), and its inlines, with BoundedChoicesMixin."""
    attrs = {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__}
    if inlines := getattr(admin_class, "inlines", None):
        attrs["inlines"] = [with_bounded_choices(inline) for inline in inlines]
    if issubclass(admin_class, BoundedChoicesMixin) and "inlines" not in attrs:
        return admin_class
    return type(admin_class.__name__, (BoundedChoicesMixin, admin_class), attrs)


class AdminSite(admin.AdminSite):
    """The project's admin site (settings: localism.core.apps.AdminConfig): every model's admin
    registered here, Django's and other libraries' included, gets bounded choices."""

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, with_bounded_choices(admin_class or admin.ModelAdmin), **options)


class LightChoicesMixin:
    """Choices of a related model whose queryset offers `for_choices()` (wards: without their
    large boundaries) are read through it, in selects, autocompletes and filter_horizontal."""

    @staticmethod
    def _light(db_field, kwargs):
        queryset = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and hasattr(queryset, "for_choices"):
            kwargs["queryset"] = queryset.for_choices()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._light(db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._light(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ServiceAdminMixin:
    """A ModelAdmin whose saves go through a service: `service_save(request, form, obj)` calls it
    with the form's cleaned data and returns the saved record. The service runs when the form is
    validated, so its refusal, its invalid values and a stale version show on the form as errors
    (nothing is saved). A versioned record's form carries the version the admin opened.

    Inlines of such an admin are read-only: their records have services of their own."""

    def service_save(self, request, form, obj):
        raise NotImplementedError

    def service_delete(self, request, obj) -> None:
        """Delete through a service; by default the model's own delete, with the history user."""
        obj._history_user = request.user
        obj.delete()

    def _versioned(self) -> bool:
        return any(f.name == "version" for f in self.model._meta.fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The loaded version is the form's own field, not the model's: leave it out of the
        # model form's fields, and add it below.
        # (get_fields asks with fields=None, for every field of the form: keep that as it is.)
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != LOADED_VERSION]
        base = super().get_form(request, obj, change=change, **kwargs)
        admin, versioned = self, self._versioned() and obj is not None
        attrs = {}
        if versioned:
            attrs[LOADED_VERSION] = forms.IntegerField(widget=forms.HiddenInput, initial=obj.version, min_value=1)

        def _post_clean(form):
            base._post_clean(form)
            if form.errors:
                return
            try:
                with transaction.atomic():
                    form.saved = admin.service_save(request, form, obj)
            except StaleEdit as error:
                form.add_error(None, f"{error.message} (It is now at version {error.current.version}: "
                                     "reload the page to see it.)")
            except (Refused, Conflict) as error:
                form.add_error(getattr(error, "field", None) if getattr(error, "field", None) in form.fields
                               else None, error.message)
            except ValidationError as error:
                for name, messages in field_messages(error).items():
                    form.add_error(name if name in form.fields else None, messages)

        attrs["_post_clean"] = _post_clean
        return type(base.__name__, (base,), attrs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and self._versioned() and LOADED_VERSION not in fields:
            fields.append(LOADED_VERSION)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self._versioned() and self.fieldsets:
            first = (fieldsets[0][0], {**fieldsets[0][1], "fields": [*fieldsets[0][1]["fields"], LOADED_VERSION]})
            fieldsets = [first, *fieldsets[1:]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        saved = form.saved
        obj.pk = saved.pk
        for f in saved._meta.concrete_fields:
            setattr(obj, f.attname, getattr(saved, f.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The service set the many-to-many fields; inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.order_by("pk"):
            self.service_delete(request, obj)


def version_of(form, obj) -> int | None:
    """The version the admin opened (None for a new record)."""
    return form.cleaned_data.get(LOADED_VERSION) if obj is not None else None
