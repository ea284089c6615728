"""Who may do what in the engagement app: the one place for its predicates.

Anyone may read an open, closed or answered consultation and answer an open one, without an
account; a draft is seen only by those who run it. Councillors run the consultations of the wards
where they hold a seat (a consultation of several wards: any of them); engagement officers (the
`engagement.run_consultations` permission, given in admin, usually through the "Engagement
officers" group) run any, city-wide ones included. Those who run a consultation read its free-text
answers and may hide one with a reason. Ideas: anyone proposes and supports; the ward's
councillors respond; they and engagement officers hide one with a reason."""

import rules
from django.contrib.auth.backends import ModelBackend

from localism.accounts.rules import is_admin, is_councillor
from wards.rules import wards_with_seat

ENGAGEMENT_OFFICER_PERMISSION = "engagement.run_consultations"


@rules.predicate
def is_engagement_officer(user):
    """An officer (or anyone) given the engagement officers' permission, directly or by group.
    Asked of Django's own permission tables, not of these rules (which would ask again)."""
    return bool(user and user.is_authenticated and user.is_active
                and ModelBackend().has_perm(user, ENGAGEMENT_OFFICER_PERMISSION))


def _seated_in_any(user, wards) -> bool:
    return bool(user.is_authenticated) and wards_with_seat(user, wards).exists()


@rules.predicate
def runs_consultation(user, consultation):
    """May run this consultation: an admin, an engagement officer, or (not for a city-wide one) a
    councillor seated in one of its wards. Without a consultation: may start one at all."""
    if is_admin.test(user) or is_engagement_officer.test(user):
        return True
    if not is_councillor.test(user):
        return False
    if consultation is None:
        return True
    if consultation.city_wide or consultation.pk is None:
        return False
    return _seated_in_any(user, consultation.wards.all())


@rules.predicate
def consultation_is_public(user, consultation):
    return consultation is None or consultation.is_public


@rules.predicate
def consultation_is_open(user, consultation):
    return consultation is not None and consultation.is_open


@rules.predicate
def responds_to_ideas_of(user, idea):
    """A councillor seated in the idea's ward, or an admin."""
    if is_admin.test(user):
        return True
    if idea is None:
        return is_councillor.test(user)
    return is_councillor.test(user) and _seated_in_any(user, idea.ward.__class__.objects.filter(pk=idea.ward_id))


@rules.predicate
def idea_is_visible(user, idea):
    return idea is None or idea.hidden_at is None


can_view_consultation = consultation_is_public | runs_consultation
can_run_consultation = runs_consultation
can_answer_consultation = consultation_is_open
can_read_free_text = runs_consultation
can_view_idea = idea_is_visible | responds_to_ideas_of | is_engagement_officer
can_respond_to_idea = responds_to_ideas_of
can_hide_idea = responds_to_ideas_of | is_engagement_officer
