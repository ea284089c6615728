"""Template helpers of the hub pages: figures as people read them, and the server-rendered bar
charts of utilisation. Status tags, sums of money and dashes come from core_tags."""

from django import template

register = template.Library()

LOW_USE = 25  # per cent: below this a space or week is flagged as under-used


# The chart's geometry, in the SVG's own units; it scales to the width of the page.
CHART_WIDTH, LABEL_WIDTH, BAR_SPACE, ROW_HEIGHT, AXIS_HEIGHT = 640, 200, 360, 30, 28
BLUE, ORANGE, GREY = "#1d70b8", "#f47738", "#505a5f"


@register.filter
def number(value) -> str:
    """80.0 as 80, 11.14 as 11.1: hours and percentages without trailing zeros."""
    value = round(float(value or 0), 1)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


@register.filter
def is_low_use(rate) -> bool:
    return float(rate or 0) < LOW_USE


@register.inclusion_tag("hubs/manage/_bar_chart.html")
def bar_chart(bars, *, title: str):
    """A horizontal bar chart of (label, per cent) pairs, with a dashed line at the low-use mark.
    Its accessible name summarises every bar; the table beside it is the full equivalent."""
    rows = []
    for i, (label, rate) in enumerate(bars):
        rate = float(rate or 0)
        y = i * ROW_HEIGHT
        width = min(rate, 100) / 100 * BAR_SPACE
        low = rate < LOW_USE
        rows.append({"label": label if len(label) <= 26 else f"{label[:25]}…", "y": y, "mid": y + ROW_HEIGHT / 2,
                     "bar_y": y + 5, "width": round(width, 1), "value_x": round(LABEL_WIDTH + width + 6, 1),
                     "text": f"{number(rate)}%{' (low use)' if low else ''}", "colour": ORANGE if low else BLUE})
    height = len(rows) * ROW_HEIGHT + AXIS_HEIGHT
    ticks = [{"x": LABEL_WIDTH + p / 100 * BAR_SPACE, "label": f"{p}%"} for p in (0, 25, 50, 75, 100)]
    summary = "; ".join(f"{label} {number(rate)}%" for label, rate in bars) or "no bookable spaces"
    return {"rows": rows, "height": height, "width": CHART_WIDTH, "axis_y": len(rows) * ROW_HEIGHT,
            "ticks": ticks, "label_width": LABEL_WIDTH, "bar_height": ROW_HEIGHT - 10,
            "low_x": LABEL_WIDTH + LOW_USE / 100 * BAR_SPACE, "colour_low": ORANGE, "colour_axis": GREY,
            "aria_label": f"{title}: {summary}. Below {LOW_USE}% is low use.", "title": title}
