"""Reads built by the ORM once and run again with other values: for a read made often whose
building (the query's expressions resolved and compiled) costs more than the database's answer.

The query is built with stand-ins for its values, compiled by the ORM's compiler for the
database at hand, and kept with the place of each stand-in among the statement's parameters; a
run puts the values in those places, adapted as the ORM adapts them, and converts the rows as the
ORM converts them. The statement stays the ORM's (portable, parameterised); only the building
is saved."""

import datetime
import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import QuerySet

# Values no real parameter takes: a moment in the first second of 1971 (a microsecond a
# stand-in), a day of 1900, a number below -10^15.
_MOMENT = datetime.datetime(1971, 1, 1, tzinfo=datetime.UTC)
_DAY = datetime.date(1900, 1, 1)
_NUMBER = -(10 ** 15)


class Slots:
    """Hands out stand-ins by name while a query is built."""

    def __init__(self):
        self.kinds = {}  # name -> "moment" | "day" | "number"
        self.values = {}  # name -> the stand-in

    def _take(self, name: str, kind: str, value):
        if name in self.kinds:
            raise ValueError(f"Two stand-ins named {name}")
        self.kinds[name], self.values[name] = kind, value
        return value

    def moment(self, name: str) -> datetime.datetime:
        return self._take(name, "moment", _MOMENT + datetime.timedelta(microseconds=len(self.kinds) + 1))

    def day(self, name: str) -> datetime.date:
        return self._take(name, "day", _DAY + datetime.timedelta(days=len(self.kinds)))

    def number(self, name: str) -> int:
        return self._take(name, "number", _NUMBER - len(self.kinds))


class Prepared:
    """A read whose query `build(slots, *shape)` makes (a `values_list` query set, its values
    asked of `slots` by name), compiled once for each database and shape (what changes the
    statement's text: how many values an `IN` holds, how many branches a `CASE` has)."""

    def __init__(self, model, build: Callable[..., QuerySet]):
        self.model, self.build = model, build
        self._made = {}
        self._lock = threading.Lock()

    def _statement(self, alias: str, shape: tuple):
        key = (alias, connections[alias].vendor, shape)
        made = self._made.get(key)
        if made is None:
            slots = Slots()
            queryset = self.build(slots, *shape)
            compiler = queryset.query.get_compiler(alias)
            sql, params = compiler.as_sql()
            connection = connections[alias]
            adapted = {}
            for name, kind in slots.kinds.items():
                adapted[_adapt(connection, kind, slots.values[name])] = name
            places = tuple((adapted[p],) if _hashable(p) and p in adapted else p for p in params)
            missing = set(slots.kinds) - {place[0] for place in places if isinstance(place, tuple)}
            if missing:
                raise ValueError(f"Stand-ins not found among the parameters: {sorted(missing)}")
            converters = compiler.get_converters([column for column, _, _ in compiler.select])
            made = (sql, places, slots.kinds, converters)
            with self._lock:
                self._made[key] = made
        return made

    def rows(self, shape: tuple = (), **values) -> list[tuple]:
        """The rows of the query for these values (every stand-in's name given)."""
        alias = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        sql, places, kinds, converters = self._statement(alias, shape)
        connection = connections[alias]
        given = {name: _adapt(connection, kind, values[name]) for name, kind in kinds.items()}
        params = [given[place[0]] if isinstance(place, tuple) else place for place in places]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted


def _adapt(connection, kind: str, value):
    if kind == "moment":
        return connection.ops.adapt_datetimefield_value(value)
    if kind == "day":
        return connection.ops.adapt_datefield_value(value)
    return value


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
