"""Reads of residents' ideas: the public list with support counts (one query however many
ideas), one idea for a visitor, what waits for a councillor's response, the draft plan and the
forum meeting a response would use, and the links from the wards app's pages to ideas."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from localism.core.errors import NotFound
from localism.core.links import Link
from wards.models import ForumMeeting, PlanStatus, Ward, WardPlan
from wards.models.plans import financial_year
from wards.selectors import wards_where_seated

from ..models import Idea, IdeaStatus, Support

IDEA_NOT_FOUND = "No idea has that address."


def _with_counts(ideas: QuerySet) -> QuerySet:
    return (ideas.select_related("ward", "referred_to", "priority__plan", "meeting__forum")
            .defer("ward__boundary", "ward__boundary_simplified")
            .annotate(support_count=Count("supports", distinct=True)))


def ideas_public(*, ward: Ward | None = None, status: str | None = None) -> QuerySet:
    """Ideas anyone may read (not hidden), newest first, each with `support_count`."""
    ideas = Idea.objects.filter(hidden_at__isnull=True)
    if ward is not None:
        ideas = ideas.filter(ward=ward)
    if status:
        ideas = ideas.filter(status=status)
    return _with_counts(ideas).order_by("-created_at", "-pk")


def idea_get(*, pk: int) -> Idea:
    """One idea with its support count, hidden or not (the page says which): NotFound if none."""
    idea = _with_counts(Idea.objects.filter(pk=pk)).select_related("hidden_by").first()
    if idea is None:
        raise NotFound(IDEA_NOT_FOUND)
    return idea


def supports_already(idea: Idea, *, user=None, browser_key: str = "") -> bool:
    """Whether this person (their account, or without one their browser) supports the idea."""
    if user is not None and user.is_authenticated:
        return Support.objects.filter(idea=idea, supporter=user).exists()
    return bool(browser_key) and Support.objects.filter(idea=idea, browser_key=browser_key).exists()


def ideas_waiting(wards) -> QuerySet:
    """The residents' ideas of the wards still waiting for a response (hidden ones aside)."""
    return Idea.objects.filter(ward__in=wards, hidden_at__isnull=True, status=IdeaStatus.WAITING)


# The most a workspace lists of what waits; its panel links to the paged list of them all.
WORKSPACE_LATEST = 10


def ideas_awaiting_response(user, *, most: int = WORKSPACE_LATEST) -> list[Idea]:
    """The ideas of a councillor's wards still waiting for a response, oldest first: the first
    `most` of them."""
    return list(_with_counts(ideas_waiting(wards_where_seated(user))).order_by("created_at", "pk")[:most])


def ideas_waiting_by_ward(ward_ids, *, until: datetime.datetime | None = None) -> dict[int, int]:
    """For each ward, how many of its ideas proposed before `until` still wait for a response
    (ideas_waiting). One query, whatever the number of wards."""
    ideas = ideas_waiting(list(ward_ids))
    if until is not None:
        ideas = ideas.filter(created_at__lt=until)
    counts = dict(ideas.values("ward_id").order_by().annotate(n=Count("pk")).values_list("ward_id", "n"))
    return {pk: counts.get(pk, 0) for pk in ward_ids}


def ward_draft_plan(ward: Ward, *, today: datetime.date | None = None) -> WardPlan | None:
    """The draft Ward Plan an adopted idea goes into: the ward's draft (or a draft out to
    consultation, still being shaped) for this financial year or the soonest year after it (a
    draft of a year already over is not current)."""
    this_year = financial_year(today or timezone.localdate())
    return (WardPlan.objects.filter(wards=ward, status__in=[PlanStatus.DRAFT, PlanStatus.CONSULTATION],
                                    period__gte=this_year)
            .order_by("period", "pk").first())


def next_forum_meeting(ward: Ward, *, now: datetime.datetime | None = None) -> ForumMeeting | None:
    """The next planned meeting of a Ward Forum that covers the ward."""
    return (ForumMeeting.objects.filter(forum__wards=ward, status=ForumMeeting.Status.PLANNED,
                                        starts_at__gt=now or timezone.now())
            .select_related("forum").order_by("starts_at", "pk").first())


def _idea_link(idea: Idea) -> Link:
    return Link(f"Resident's idea: {idea.title}", idea.get_absolute_url())


def priority_idea_links(priorities) -> dict[int, list[Link]]:
    """The ideas each priority was adopted from (one query for all of them)."""
    ideas = Idea.objects.filter(priority__in=[p.pk for p in priorities], hidden_at__isnull=True).order_by("pk")
    found: dict[int, list[Link]] = {}
    for idea in ideas.only("pk", "title", "priority_id"):
        found.setdefault(idea.priority_id, []).append(_idea_link(idea))
    return found


def meeting_idea_links(meetings) -> dict[int, list[Link]]:
    """The residents' ideas taken to each forum meeting, for its agenda (one query)."""
    ideas = (Idea.objects.filter(meeting__in=[m.pk for m in meetings], hidden_at__isnull=True)
             .annotate(support_count=Count("supports")).order_by("created_at", "pk"))
    found: dict[int, list[Link]] = {}
    for idea in ideas.only("pk", "title", "meeting_id"):
        supporters = f"{idea.support_count} supporter{'' if idea.support_count == 1 else 's'}"
        found.setdefault(idea.meeting_id, []).append(
            Link(f"Resident's idea: {idea.title}", idea.get_absolute_url(), note=supporters))
    return found


def ward_idea_links(wards) -> dict[int, list[Link]]:
    """For each ward with ideas anyone may read: a link to its list of ideas (one query)."""
    counts = (Idea.objects.filter(ward__in=[w.pk for w in wards], hidden_at__isnull=True)
              .values("ward_id").annotate(n=Count("pk")).filter(~Q(n=0)))
    by_pk = {w.pk: w for w in wards}
    base = reverse("engagement:ideas")
    return {row["ward_id"]: [Link(f"Residents' ideas ({row['n']})", f"{base}?ward={by_pk[row['ward_id']].slug}")]
            for row in counts}
