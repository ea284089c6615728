"""The expressions SQLite and PostgreSQL spell differently, and the parameters each wants."""

import datetime

from django.db import connection


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def least(a: str, b: str) -> str:
    return f"MIN({a}, {b})" if _sqlite() else f"LEAST({a}, {b})"


def greatest(a: str, b: str) -> str:
    return f"MAX({a}, {b})" if _sqlite() else f"GREATEST({a}, {b})"


def hours_between(later: str, earlier: str) -> str:
    """Hours from one timestamp to another."""
    if _sqlite():
        return f"((julianday({later}) - julianday({earlier})) * 24.0)"
    return f"(EXTRACT(EPOCH FROM ({later}) - ({earlier})) / 3600.0)"


def days_between(later: str, earlier: str) -> str:
    """Days (with their fraction) from one timestamp to another."""
    if _sqlite():
        return f"(julianday({later}) - julianday({earlier}))"
    return f"(EXTRACT(EPOCH FROM ({later}) - ({earlier})) / 86400.0)"


def date_days(later: str, earlier: str) -> str:
    """Whole days from one date to another."""
    if _sqlite():
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"(({later}) - ({earlier}))"


def time_hours(closes: str, opens: str) -> str:
    """Hours from one time of day to a later one (spelt as between timestamps, on both)."""
    return hours_between(closes, opens)


def moment(value: datetime.datetime):
    """A timestamp parameter, stored as the database stores them (UTC on SQLite, as text)."""
    return connection.ops.adapt_datetimefield_value(value)


def day(value: datetime.date):
    """A date parameter (typed as a date on PostgreSQL, ISO text on SQLite)."""
    return connection.ops.adapt_datefield_value(value)


def rows(columns: list[str], values: list[tuple]) -> tuple[str, list]:
    """An inline table of parameters: `SELECT %s AS a, %s AS b UNION ALL SELECT %s, %s ...`."""
    first = ", ".join(f"%s AS {name}" for name in columns)
    rest = ", ".join("%s" for _ in columns)
    sql = " UNION ALL ".join([f"SELECT {first}", *[f"SELECT {rest}"] * (len(values) - 1)])
    return sql, [value for row in values for value in row]
