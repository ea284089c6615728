"""Reads of assets of community value: the published lists (each a fixed number of queries,
whatever their length) and one listing."""

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
