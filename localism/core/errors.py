"""The typed errors every service raises, whatever calls it.

A service refuses (Refused), cannot find (NotFound), is in the way of another record (Conflict),
was given an older version than the stored one (StaleEdit), or was given values its rules do not
allow (Invalid, a Django ValidationError with field messages). Pages, the API and admin map these
in one place each: `localism.core.views`, `localism.core.api`, `localism.core.admin`.
"""

from django.core.exceptions import ValidationError

STALE_EDIT = (
    "Someone else changed this {thing} while you were editing it. Their version is shown below: "
    "check it, then make your change again. Your text is still in the form."
)


class ServiceError(Exception):
    """A service would not do what it was asked. `message` is written for the user."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Refused(ServiceError):
    """The acting user may not do this (403; a sign-in page for an anonymous visitor)."""

    status_code = 403


class NotFound(ServiceError):
    """What the service was asked about does not exist, or is not for this user to see (404)."""

    status_code = 404


class Conflict(ServiceError):
    """Another record is in the way (409). `field` says which input it concerns, if any."""

    status_code = 409

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleEdit(Conflict):
    """The editor's version is older than the stored one; `current` is the stored record."""

    def __init__(self, current, thing: str):
        super().__init__(STALE_EDIT.format(thing=thing))
        self.current = current
        self.thing = thing


class Invalid(ValidationError):
    """Values the rules do not allow (400), with messages by field. A plain ValidationError from
    a model's full_clean() is treated the same way everywhere."""

    status_code = 400


def field_messages(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError's messages by field; messages for no field under "non_field_errors"."""
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if name == "__all__" else name): messages
                for name, messages in error.message_dict.items()}
    return {"non_field_errors": error.messages}
