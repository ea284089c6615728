"""Reads of assets of community value: the published lists (each a fixed number of queries,
whatever their length) and one listing."""

from localism.core import spreadsheets

from ..models import CommunityValueNomination

Status = CommunityValueNomination.Status
# What the council publishes, by the list it belongs on.
LISTING_STATUSES = [Status.LISTED, Status.EXPIRED, Status.REMOVED]
PUBLISHED_STATUSES = [*LISTING_STATUSES, Status.NOT_LISTED]


def nominations_published(*, ward=None, status: str | None = None, statuses=PUBLISHED_STATUSES):
    """The published nominations of `ward` (a Ward; None: all), of `status` (None: any of `statuses`),
    with their asset, ward and groups, in one query."""
    rows = CommunityValueNomination.objects.with_related().filter(status__in=[status] if status else statuses)
    if ward is not None:
        rows = rows.filter(ward=ward)
    return rows.order_by("-decision_date", "-pk")


def nomination_visible(*, pk: int, user) -> CommunityValueNomination | None:
    """One nomination, if the user may see it (a published one: anyone)."""
    nomination = CommunityValueNomination.objects.with_related().filter(pk=pk).first()
    if nomination is None or not user.has_perm("assets.view_communityvaluenomination", nomination):
        return None
    return nomination


def nominations_awaiting_decision():
    """For asset officers: the nominations still to decide, the most urgent first."""
    return CommunityValueNomination.objects.with_related().filter(status=Status.NOMINATED).order_by(
        "decision_due", "pk")


# The open data files' columns: planning.data.gov.uk's `asset-of-community-value` fields, as the
# API names them (assets.api.community), each with the listing's attribute it comes from.
ORGANISATION = "local-authority:BIR"
DATASET_COLUMNS = [
    ("reference", "reference"), ("name", "name"), ("organisation", None), ("uprn", "uprn"), ("address", "address"),
    ("postcode", "postcode"), ("ward", "ward"), ("status", "status"), ("nomination-date", "nomination_date"),
    ("nominating-group", "nominating_group"), ("decision", "decision"), ("decision-date", "decision_date"),
    ("expiry-date", "expiry_date"), ("end-date", "removed_on"),
    ("notification-to-sell-date", "notification_to_sell_date"),
    ("interim-moratorium-end-date", "interim_moratorium_ends"), ("interested-group", "interested_group"),
    ("full-moratorium-end-date", "full_moratorium_ends"),
    ("protected-period-start-date", "notification_to_sell_date"),
    ("protected-period-end-date", "protected_period_ends"),
]


def _cell(nomination, attribute):
    if attribute is None:
        return ORGANISATION
    value = getattr(nomination, attribute)
    if attribute == "ward":
        return value.gss_code if value else ""
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value


def community_value_csv_write(out, nominations) -> None:
    """Write `nominations` (published ones) to `out` in the dataset's columns, the ward as its GSS
    code. No one's personal details: the groups by name, never who nominated or decided."""
    writer = spreadsheets.writer(out)
    writer.writerow([column for column, _ in DATASET_COLUMNS])
    for nomination in nominations:
        writer.writerow([_cell(nomination, attribute) for _, attribute in DATASET_COLUMNS])
