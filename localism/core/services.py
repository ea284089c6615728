"""The one way a service writes a record: check who asks, validate in full, refuse a stale
version, record who made the change in the history (many-to-many fields included), and lock rows
in one fixed order.

Every app's services call these; nothing else saves a versioned or audited record.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import models
from django.db.models import signals

from .errors import NotFound, Refused, StaleEdit

NOT_ALLOWED = "You cannot do that."


def require(user, perm: str, obj=None, message: str = NOT_ALLOWED) -> None:
    """Refuse unless `user` has the `rules` permission `perm` on `obj`."""
    if user is None or not user.has_perm(perm, obj):
        raise Refused(message)


def lock(model, pk, *, queryset=None, message: str | None = None):
    """The row, locked for the rest of the transaction (SELECT … FOR UPDATE on PostgreSQL)."""
    queryset = queryset if queryset is not None else model.objects.all()
    try:
        return queryset.select_for_update().get(pk=pk)
    except model.DoesNotExist:
        raise NotFound(message or f"That {model._meta.verbose_name} no longer exists.") from None


def lock_in_order(queryset) -> list:
    """Lock several rows in one fixed order (by pk), so two transactions that lock the same rows
    never wait on each other in opposite orders (a deadlock)."""
    return list(queryset.select_for_update().order_by("pk"))


@contextmanager
def without_history(obj):
    """Saves of `obj` (and changes to its many-to-many fields) inside this block take no history
    entry of their own: the caller records the change as one entry, or it is not one a reader
    would call a change."""
    obj.skip_history_when_saving = True
    try:
        yield obj
    finally:
        del obj.skip_history_when_saving


def _set_many(obj, many: dict[str, Iterable]) -> None:
    with without_history(obj):
        for name, values in many.items():
            getattr(obj, name).set(list(values))


def record_creation(obj: models.Model, *, many: dict[str, Iterable]) -> None:
    """For a new record saved without a history entry: set its many-to-many values, then take its
    one "created" entry, which shows them. No other receiver listens to these models' post_save
    (a test holds the project to that), so sending it here is heard only by the history."""
    _set_many(obj, many)
    signals.post_save.send(sender=type(obj), instance=obj, created=True, raw=False,
                           using=obj._state.db, update_fields=None)


def audited_create(obj: models.Model, *, user, many: dict[str, Iterable] | None = None):
    """Validate and save a new record with `user` in its history. Many-to-many values are set
    before the history entry is taken, so the "created" entry shows them (one entry, not three)."""
    obj.full_clean()
    obj._history_user = user
    if not many:
        obj.save()
        return obj
    with without_history(obj):
        obj.save()
    record_creation(obj, many=many)
    return obj


def versioned_save(model, pk, *, user, version: int | None, changes: dict, thing: str,
                   many: dict[str, Iterable] | None = None, bump: bool = True):
    """Lock the stored row, refuse the change if its version is not the one the editor loaded
    (StaleEdit with the stored record), apply `changes` and `many`, validate, raise the version
    and save, recording `user` in the history. `version=None` skips the check (a system change)."""
    current = lock(model, pk)
    if version is not None and int(version) != current.version:
        raise StaleEdit(current, thing)
    for name, value in changes.items():
        setattr(current, name, value)
    if bump:
        current.version += 1
    current.full_clean()
    if many:
        _set_many(current, many)
    current._history_user = user
    current.save()
    return current


def versioned_delete(model, pk, *, user, version: int | None, thing: str):
    """Delete a row after the same version check, recording who deleted it."""
    current = lock(model, pk)
    if version is not None and int(version) != current.version:
        raise StaleEdit(current, thing)
    current._history_user = user
    current.delete()
    return current


def audited_delete(obj: models.Model, *, user) -> None:
    obj._history_user = user
    obj.delete()
