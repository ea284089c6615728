"""The ward profile's charts, drawn on the server as SVG: no script, the page's own font, and
every figure also in the table beside the chart. This module only lays them out; the templates
in templates/wards/profiles/ draw them."""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from .selectors.profiles import TableView

WARD_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
CITY_COLOUR = "#505a5f"  # GOV.UK dark grey: 7:1 against white
TEXT_COLOUR = "#0b0c0c"

WIDTH = 640
LABEL_WIDTH = 250
BAR_AREA = 300
LINE_HEIGHT = 18
WARD_BAR, CITY_BAR, BAR_GAP, ROW_GAP = 16, 8, 4, 14
LABEL_CHARACTERS = 30  # a label wider than this wraps onto the next line
LEGEND_HEIGHT = 34


@dataclass(frozen=True)
class BarRow:
    labels: list[tuple[str, float]]  # each line of the label and its baseline
    ward_y: float
    ward_width: float
    ward_text: str
    city_y: float
    city_width: float
    city_text: str
    text_x_ward: float
    text_x_city: float
    ward_text_y: float
    city_text_y: float


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    label_x: int
    bar_x: int
    rows: list[BarRow]
    ward_bar: int = WARD_BAR
    city_bar: int = CITY_BAR
    ward_colour: str = WARD_COLOUR
    city_colour: str = CITY_COLOUR
    text_colour: str = TEXT_COLOUR


def percent_text(value: Decimal) -> str:
    return f"{value:.1f}%"


def bar_chart(table: TableView, *, ward_name: str) -> BarChart:
    """Each category as two bars: the ward's share (thick, blue) and the city's (thin, grey)."""
    scale = BAR_AREA / float(table.largest_percent)
    rows, y = [], LEGEND_HEIGHT
    for row in table.rows:
        lines = textwrap.wrap(row.name, LABEL_CHARACTERS) or [row.name]
        bars = WARD_BAR + BAR_GAP + CITY_BAR
        block = max(bars, len(lines) * LINE_HEIGHT)
        top = y + (block - bars) / 2
        first_line = y + (block - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT * 0.75
        ward_width = round(float(row.percent) * scale, 1)
        city_width = round(float(row.city_percent) * scale, 1)
        rows.append(BarRow(
            labels=[(line, round(first_line + i * LINE_HEIGHT, 1)) for i, line in enumerate(lines)],
            ward_y=round(top, 1), ward_width=ward_width, ward_text=percent_text(row.percent),
            city_y=round(top + WARD_BAR + BAR_GAP, 1), city_width=city_width,
            city_text=percent_text(row.city_percent),
            text_x_ward=round(LABEL_WIDTH + ward_width + 6, 1), text_x_city=round(LABEL_WIDTH + city_width + 6, 1),
            ward_text_y=round(top + WARD_BAR - 3, 1), city_text_y=round(top + WARD_BAR + BAR_GAP + CITY_BAR, 1),
        ))
        y += block + ROW_GAP
    shares = "; ".join(f"{r.name} {percent_text(r.percent)} (Birmingham {percent_text(r.city_percent)})"
                       for r in table.rows)
    return BarChart(
        title=f"{table.title}: {ward_name} compared with Birmingham",
        description=f"Share of {table.unit}: {shares}.",
        width=WIDTH, height=int(y), label_x=0, bar_x=LABEL_WIDTH, rows=rows,
    )


# The deprivation strip: ten cells, decile 1 (the most deprived 10% of England) to 10.
DECILE_FILLS = ["#0b0c0c", "#28323b", "#3e4a56", "#505a5f", "#6f777b", "#8c9196", "#a9adb1", "#c4c7c9",
                "#dbdddf", "#f3f2f1"]
CELL, CELL_GAP = 58, 2


@dataclass(frozen=True)
class DecileCell:
    decile: int
    lsoas: int
    x: int
    fill: str
    text_fill: str
    text_x: int


def decile_strip(lsoas_by_decile: list[int]) -> dict:
    cells = []
    for i, n in enumerate(lsoas_by_decile):
        x = i * (CELL + CELL_GAP)
        cells.append(DecileCell(decile=i + 1, lsoas=n, x=x, fill=DECILE_FILLS[i],
                                text_fill="#ffffff" if i < 5 else TEXT_COLOUR, text_x=x + CELL // 2))
    width = 10 * CELL + 9 * CELL_GAP
    return {"cells": cells, "width": width, "cell": CELL, "height": CELL + 44}
