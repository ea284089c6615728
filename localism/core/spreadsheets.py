"""CSV files that are safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula ("CSV injection"): a ward or organisation named "=HYPERLINK(…)"
would run in the reader's spreadsheet. Such text cells get a leading apostrophe, which the
spreadsheet shows as text; numbers are written as they are. Every CSV the product writes uses
`writer()`.
"""

import csv
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([value if isinstance(value, (int, float, Decimal)) else safe_cell(value)
                                      for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, **kwargs) -> _SafeWriter:
    """A csv.writer whose text cells cannot be read as formulas."""
    return _SafeWriter(out, **kwargs)
