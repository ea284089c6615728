"""Every data table in the site's templates sits in a scrolling region, so a page never becomes
wider than a 320-pixel screen (the browser tests check the pages; this catches a new table)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = re.compile(r'<div class="app-table-wrapper[^"]*" role="region" aria-label=".+" tabindex="0">\s*$')


def test_every_table_is_in_a_focusable_labelled_region():
    unwrapped = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            if "<table" in line and not (number and WRAPPER.search(lines[number - 1])):
                unwrapped.append(f"{path.relative_to(ROOT)}:{number + 1}")
    assert not unwrapped, "tables outside an app-table-wrapper region: " + ", ".join(unwrapped)
