"""Template helpers of the hub pages: figures as people read them, and the server-rendered bar
charts of utilisation. Status tags, sums of money and dashes come from core_tags."""

from django import template

from localism.core import charts

register = template.Library()

LOW_USE = 25  # per cent: below this a space or week is flagged as under-used


@register.filter
def number(value) -> str:
    """80.0 as 80, 11.14 as 11.1: hours and percentages without trailing zeros."""
    return charts.number(value)


@register.filter
def is_low_use(rate) -> bool:
    return float(rate or 0) < LOW_USE


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(bars, *, title: str, money: bool = False):
    """Utilisation as (label, per cent) pairs with a dashed line at the low-use mark; or, with
    `money`, income as (label, pounds) pairs (localism.core.charts lays both out)."""
    if money:
        top = max([float(value or 0) for _, value in bars] + [1.0])
        return charts.bar_chart(bars, title=title, unit=charts.MONEY, summary=(
            f"{len(bars)} months, up to £{top:,.0f}; the table below gives each month's figures"))
    if not bars:
        return charts.bar_chart(bars, title=title, low=LOW_USE,
                                summary=f"no bookable spaces. Below {LOW_USE}% is low use")
    return charts.bar_chart(bars, title=title, low=LOW_USE)
