from django import template

register = template.Library()

# GOV.UK tag colours for plan and action statuses.
TAG_COLOURS = {
    "draft": "govuk-tag--grey", "consultation": "govuk-tag--yellow", "published": "govuk-tag--green",
    "archived": "govuk-tag--grey", "not_started": "govuk-tag--grey", "on_track": "govuk-tag--green",
    "at_risk": "govuk-tag--orange", "off_track": "govuk-tag--red", "done": "govuk-tag--blue",
    "planned": "govuk-tag--light-blue", "held": "govuk-tag--green", "cancelled": "govuk-tag--grey",
    # bookings and occupancies
    "requested": "govuk-tag--yellow", "confirmed": "govuk-tag--green", "rejected": "govuk-tag--red",
    "active": "govuk-tag--green", "proposed": "govuk-tag--yellow", "ended": "govuk-tag--grey",
}


@register.filter
def tag_colour(status: str) -> str:
    return TAG_COLOURS.get(str(status), "")


@register.filter
def money(value) -> str:
    if value is None:
        return "£0.00"
    return f"£{value:,.2f}"
