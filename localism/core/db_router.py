"""Reads of the monthly report builders on a read replica, when there is one.

With DATABASE_REPLICA_URL set, settings add a "replica" database and this router: a read made
while a report kind's build runs (a frame of a `localism.reports.report_*` module is on the call
stack, or the code asked for it with `on_replica()`) goes to the replica; every other read, and
every write, goes to "default". A read inside a transaction on "default" stays there, so a build
never misses what its own transaction wrote. Without a replica the router answers None to every
question, which leaves Django's own choice ("default") in place.

The replica runs a little behind the primary. The reports are of a month that has ended, so a few
seconds' lag changes no figure.
"""

import contextlib
import contextvars
import sys

from django.conf import settings
from django.db import connections

REPLICA = "replica"
# The modules whose functions are the report kinds' builds (localism/reports/report_*.py).
BUILDER_PREFIX = "localism.reports.report_"
_asked: contextvars.ContextVar[bool] = contextvars.ContextVar("localism_on_replica", default=False)


@contextlib.contextmanager
def on_replica():
    """Send the reads made within to the replica (when there is one)."""
    token = _asked.set(True)
    try:
        yield
    finally:
        _asked.reset(token)


def _in_a_builder() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith(BUILDER_PREFIX):
            return True
        frame = frame.f_back
    return False


class ReportReplicaRouter:
    """Report builders' reads to the replica; everything else, and every write, to default."""

    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES:
            return None
        if connections["default"].in_atomic_block:
            return "default"
        if _asked.get() or _in_a_builder():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default" if REPLICA in settings.DATABASES else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as default: an object read from either relates to both.
        if REPLICA in settings.DATABASES and {obj1._state.db, obj2._state.db} <= {"default", REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies default's schema by replication; never migrate it directly.
        return False if db == REPLICA else None
