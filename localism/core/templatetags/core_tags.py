"""Template helpers every app's pages share: the GOV.UK tag colour of any status, sums of money
and empty values in a history."""

from django import template

from localism.core import charts

register = template.Library()

# GOV.UK tag colours for every status the product shows: one map.
TAG_COLOURS = {
    # plans and actions
    "draft": "govuk-tag--grey", "consultation": "govuk-tag--yellow", "published": "govuk-tag--green",
    "archived": "govuk-tag--grey", "not_started": "govuk-tag--grey", "on_track": "govuk-tag--green",
    "at_risk": "govuk-tag--orange", "off_track": "govuk-tag--red", "done": "govuk-tag--blue",
    # meetings
    "planned": "govuk-tag--light-blue", "held": "govuk-tag--green", "cancelled": "govuk-tag--grey",
    # bookings and occupancies
    "requested": "govuk-tag--yellow", "confirmed": "govuk-tag--green", "rejected": "govuk-tag--red",
    "active": "govuk-tag--green", "proposed": "govuk-tag--yellow", "ended": "govuk-tag--grey",
}


@register.filter
def status_tag(status) -> str:
    return TAG_COLOURS.get(str(status), "")


@register.filter
def money(value) -> str:
    if value is None:
        return "£0.00"
    return f"£{value:,.2f}"


@register.filter
def or_dash(value):
    """A value of a history entry, or a dash where it was empty."""
    return "—" if value is None or value == "" else value


@register.filter
def lockout_minutes(delta) -> str:
    """A lockout's length as people say it: "15 minutes", "1 hour"."""
    minutes = round(delta.total_seconds() / 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(bars, *, title: str, unit: str = charts.PERCENT, summary: str = ""):
    """A chart of (label, value) pairs: per cent, or "money" or "count" scaled to the largest."""
    return charts.bar_chart(bars, title=title, unit=unit, summary=summary)
