"""Template helpers of the hub pages: figures as people read them, and the server-rendered bar
charts of utilisation. Status tags, sums of money and dashes come from core_tags."""

from django import template

register = template.Library()

LOW_USE = 25  # per cent: below this a space or week is flagged as under-used


# The chart's geometry, in the SVG's own units; it scales to the width of its column. Labels sit
# left of the bars and each figure in its own column right of them, so no line of the chart ever
# crosses a word.
LABEL_WIDTH, BAR_SPACE, VALUE_WIDTH, ROW_HEIGHT, AXIS_HEIGHT = 210, 330, 150, 32, 30
CHART_WIDTH = LABEL_WIDTH + BAR_SPACE + VALUE_WIDTH
BLUE, ORANGE, GREY = "#1d70b8", "#f47738", "#505a5f"


@register.filter
def number(value) -> str:
    """80.0 as 80, 11.14 as 11.1: hours and percentages without trailing zeros."""
    value = round(float(value or 0), 1)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


@register.filter
def is_low_use(rate) -> bool:
    return float(rate or 0) < LOW_USE


def _pounds(value) -> str:
    return f"£{float(value or 0):,.0f}"


@register.inclusion_tag("hubs/manage/_bar_chart.html")
def bar_chart(bars, *, title: str, money: bool = False):
    """A horizontal bar chart of (label, per cent) pairs, with a dashed line at the low-use mark;
    or, with `money`, of (label, pounds) pairs scaled to the largest. Its accessible name says what
    it shows; the table beside it is the full equivalent."""
    bars = [(label, float(value or 0)) for label, value in bars]
    scale = max([value for _, value in bars] + [1.0]) if money else 100.0
    rows = []
    for i, (label, value) in enumerate(bars):
        y = i * ROW_HEIGHT
        width = min(value, scale) / scale * BAR_SPACE
        low = not money and value < LOW_USE
        text = _pounds(value) if money else f"{number(value)}%{' (low use)' if low else ''}"
        rows.append({"label": label if len(label) <= 26 else f"{label[:25]}…", "y": y, "mid": y + ROW_HEIGHT / 2,
                     "bar_y": y + 6, "width": round(width, 1), "text": text, "colour": ORANGE if low else BLUE})
    height = len(rows) * ROW_HEIGHT + AXIS_HEIGHT
    marks = (0, 50, 100) if money else (0, 25, 50, 75, 100)
    ticks = [{"x": LABEL_WIDTH + p / 100 * BAR_SPACE,
              "label": _pounds(scale * p / 100) if money else f"{p}%"} for p in marks]
    if money:
        summary = f"{len(bars)} months, up to {_pounds(scale)}; the table below gives each month's figures"
    else:
        summary = "; ".join(f"{label} {number(rate)}%" for label, rate in bars) or "no bookable spaces"
        summary += f". Below {LOW_USE}% is low use"
    return {"rows": rows, "height": height, "width": CHART_WIDTH, "axis_y": len(rows) * ROW_HEIGHT,
            "ticks": ticks, "label_width": LABEL_WIDTH, "bar_height": ROW_HEIGHT - 12,
            "value_x": LABEL_WIDTH + BAR_SPACE + 12,
            "low_x": None if money else LABEL_WIDTH + LOW_USE / 100 * BAR_SPACE,
            "colour_axis": GREY, "aria_label": f"{title}: {summary}.", "title": title}
