"""Hand-written SQL for each report kind's key figures: `bench/sql/<kind>.py` holds
`figures(cursor, start, end) -> dict`, the same dict as the kind's run keeps in `figures`.

They are the yardstick of bench/reports.py (a report's build beside the database doing the same
sums by itself) and are checked against the runs' figures by
localism/reports/tests/test_report_sql.py. Each runs on SQLite and PostgreSQL; the few
expressions the two spell differently are in `_dialect`."""

import importlib
import pkgutil


def modules() -> dict:
    """The kinds that have a hand-written counterpart: {kind code: module}."""
    return {info.name: importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")}
