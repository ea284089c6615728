"""Who may do what in the wards app: the one place for its predicates.

Ward data is public and only admins change it. A councillor edits the Ward Plans and runs the
forum meetings of the wards where they hold a current seat (a cross-ward plan or forum: any of
its wards). An officer who leads an action may post progress on that action, and nothing else.
Plans in consultation, published plans and archived plans that were published are public; a
draft is seen only by those who may edit it (and the officers who lead its actions see those).
"""

import rules
from django.db.models import Q
from django.utils import timezone

from localism.accounts.rules import is_admin, is_councillor

can_view_ward = rules.always_allow
can_change_ward = is_admin


def _seat_filter(user):
    today = timezone.localdate()
    return Q(seats_held__councillor=user, seats_held__term_start__lte=today) & (
        Q(seats_held__term_end__isnull=True) | Q(seats_held__term_end__gte=today)
    )


def wards_with_seat(user, wards):
    """Of `wards` (a queryset), those where the user holds a current seat: what a councillor's
    forms offer."""
    return wards.filter(_seat_filter(user)) if user.is_authenticated else wards.none()


@rules.predicate
def holds_seat_in(user, ward):
    """A councillor with a current seat in this ward."""
    if ward is None or not user.is_authenticated:
        return False
    return ward.seats_held.current().filter(councillor=user).exists()


def _holds_seat_in_any(user, wards) -> bool:
    if not user.is_authenticated:
        return False
    return wards.filter(_seat_filter(user)).exists()


def wards_managed_by(user, wards) -> set[int]:
    """The ids of those of `wards` whose budgets and forums the user manages (can_manage_ward),
    in one query for all of them."""
    if is_admin.test(user):
        return {ward.pk for ward in wards}
    if not user.is_authenticated:
        return set()
    from .models import Ward

    return set(Ward.objects.filter(pk__in=[w.pk for w in wards]).filter(_seat_filter(user))
               .values_list("pk", flat=True))


@rules.predicate
def holds_seat_in_plan_ward(user, plan):
    return plan is not None and _holds_seat_in_any(user, plan.wards.all())


@rules.predicate
def holds_seat_in_forum_ward(user, forum):
    return forum is not None and _holds_seat_in_any(user, forum.wards.all())


@rules.predicate
def is_public_plan(user, plan):
    return plan is not None and plan.is_public


can_edit_plan = is_admin | holds_seat_in_plan_ward
can_view_plan = is_public_plan | can_edit_plan
can_manage_forum = is_admin | holds_seat_in_forum_ward


def holds_seat_in_each(user, wards) -> bool:
    """A councillor with a current seat in every one of these wards (and at least one)."""
    wards = list(wards)
    if not wards or not user.is_authenticated:
        return False
    from .models import Ward  # the models read these rules when they are defined

    held = set(Ward.objects.filter(pk__in=[w.pk for w in wards]).filter(_seat_filter(user))
               .values_list("pk", flat=True))
    return held == {w.pk for w in wards}


@rules.predicate
def can_set_up_forum(user, wards):
    """Who may set up a Ward Forum covering `wards`, or give a forum these wards: an admin, or a
    councillor of each of them (a shared forum needs a councillor of every ward it covers, so no
    ward is signed up to a forum by another ward's councillor). `wards` may be one ward (the ward
    page asks so). Without wards: whether the user may set up forums at all."""
    if is_admin(user):
        return True
    if wards is None:
        return is_councillor(user)
    return holds_seat_in_each(user, wards if isinstance(wards, (list, tuple, set)) else [wards])
can_manage_ward = is_admin | holds_seat_in


# Priorities, actions and their updates follow their plan.
@rules.predicate
def can_edit_plan_of(user, item):
    return item is not None and can_edit_plan.test(user, item.plan)


@rules.predicate
def can_view_plan_of(user, item):
    return item is not None and can_view_plan.test(user, item.plan)


@rules.predicate
def leads_action(user, action):
    return action is not None and user.is_authenticated and action.lead_officer_id == user.pk


can_post_progress = can_edit_plan_of | leads_action
# An action's page, with its progress: whoever reads its plan, and its lead officer.
can_view_action = can_view_plan_of | leads_action


@rules.predicate
def can_manage_meeting(user, meeting):
    return meeting is not None and can_manage_forum.test(user, meeting.forum)


@rules.predicate
def can_manage_budget(user, budget):
    return budget is not None and can_manage_ward.test(user, budget.ward)


@rules.predicate
def can_manage_spend(user, line):
    return line is not None and can_manage_budget.test(user, line.budget)


# Starting a plan or a meeting needs no object: the page then checks the ward itself.
may_start_plans = is_admin | is_councillor
