"""Reads for a resident's own page: their responses and ideas, each list in a fixed number of
queries however long it is."""

from ..models import Idea, Response


def responses_of(*, user):
    """The resident's consultation responses, newest first, with their consultations."""
    return (Response.objects.filter(respondent=user).select_related("consultation")
            .only("pk", "submitted_at", "anonymised_at", "consultation__id", "consultation__title",
                  "consultation__status", "consultation__opens_at", "consultation__closes_at")
            .order_by("-submitted_at", "-pk"))


def ideas_of(*, user):
    """The resident's ideas, newest first (hidden ones too: they are theirs)."""
    return (Idea.objects.filter(proposer=user).select_related("ward")
            .only("pk", "title", "status", "created_at", "responded_at", "hidden_at", "ward__id", "ward__name")
            .order_by("-created_at", "-pk"))
