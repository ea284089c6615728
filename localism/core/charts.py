"""Server-rendered horizontal bar charts (templates/includes/bar_chart.html): no script, the page's
own font, as wide as their column, each figure also in the table that follows the chart. Labels
sit left of the bars and each figure in its own column right of them, so no line of the chart
ever crosses a word. Every app's charts of figures are laid out here."""

# The chart's geometry, in the SVG's own units; it scales to the width of its column.
LABEL_WIDTH, BAR_SPACE, VALUE_WIDTH, ROW_HEIGHT, AXIS_HEIGHT = 210, 330, 150, 32, 30
CHART_WIDTH = LABEL_WIDTH + BAR_SPACE + VALUE_WIDTH
LABEL_CHARACTERS = 26
BLUE, ORANGE, GREY = "#1d70b8", "#f47738", "#505a5f"
PERCENT, MONEY, COUNT = "percent", "money", "count"


def number(value) -> str:
    """80.0 as 80, 11.14 as 11.1: hours, counts and percentages without trailing zeros."""
    value = round(float(value or 0), 1)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _pounds(value) -> str:
    return f"£{float(value or 0):,.0f}"


def _text(value: float, unit: str) -> str:
    return _pounds(value) if unit == MONEY else f"{number(value)}%" if unit == PERCENT else number(value)


def bar_chart(bars, *, title: str, unit: str = PERCENT, low: float | None = None, summary: str = "") -> dict:
    """The layout of a chart of (label, value) pairs: per cent on a 0–100 scale, or pounds or
    counts scaled to the largest. `low` draws a dashed line at that per cent and marks the bars
    below it. Its accessible name says what it shows (`summary`, or every figure for a short
    per-cent chart); the table beside it is the full equivalent."""
    bars = [(label, float(value or 0)) for label, value in bars]
    scale = 100.0 if unit == PERCENT else max([value for _, value in bars] + [1.0])
    rows = []
    for i, (label, value) in enumerate(bars):
        y = i * ROW_HEIGHT
        is_low = low is not None and value < low
        text = _text(value, unit) + (" (low use)" if is_low else "")
        short = label if len(label) <= LABEL_CHARACTERS else f"{label[:LABEL_CHARACTERS - 1]}…"
        rows.append({"label": short, "y": y, "mid": y + ROW_HEIGHT / 2, "bar_y": y + 6,
                     "width": round(min(value, scale) / scale * BAR_SPACE, 1), "text": text,
                     "colour": ORANGE if is_low else BLUE})
    marks = (0, 25, 50, 75, 100) if unit == PERCENT else (0, 50, 100)
    ticks = [{"x": LABEL_WIDTH + p / 100 * BAR_SPACE,
              "label": f"{p}%" if unit == PERCENT else _text(scale * p / 100, unit)} for p in marks]
    if not summary:
        summary = "; ".join(f"{label} {_text(value, unit)}" for label, value in bars) or "no figures"
        if low is not None:
            summary += f". Below {number(low)}% is low use"
    return {"rows": rows, "height": len(rows) * ROW_HEIGHT + AXIS_HEIGHT, "width": CHART_WIDTH,
            "axis_y": len(rows) * ROW_HEIGHT, "ticks": ticks, "label_width": LABEL_WIDTH,
            "bar_height": ROW_HEIGHT - 12, "value_x": LABEL_WIDTH + BAR_SPACE + 12,
            "low_x": None if low is None else LABEL_WIDTH + low / 100 * BAR_SPACE,
            "colour_axis": GREY, "aria_label": f"{title}: {summary}.", "title": title}
