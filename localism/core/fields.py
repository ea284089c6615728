"""Model fields every app shares: free text with a maximum length that the model itself keeps.

Every free-text field has a maximum length fit for its purpose (a summary a few thousand
characters, a meeting's minutes tens of thousands), set once on the model field. Forms built
from the model, the API's model serializers, admin and the services' full validation all read
it from there, with one message: "Summary must be 5,000 characters or fewer".
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import capfirst

TOO_LONG = "{what} must be {limit:,} characters or fewer"


def too_long(field: models.Field, what: str | None = None) -> str:
    """The message for text longer than `field` allows, naming it as `what` (by default, the
    field's verbose name)."""
    return TOO_LONG.format(what=capfirst(what or field.verbose_name), limit=field.max_length)


class BoundedTextField(models.TextField):
    """Free text of at most `max_length` characters. Django's TextField hands its max_length to
    forms and to DRF's model serializers only, and no database checks it: this one checks it in
    the model's full_clean() too, which every service calls before saving."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length, message=too_long(self))]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages["max_length"] = too_long(self)
        return field
