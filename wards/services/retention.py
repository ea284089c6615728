"""Keeping personal data only as long as the privacy notice says.

A closed account is deleted by the accounts app; before it goes, the ward records that protect a
reference to it (a councillor's seat, a ward champion) let it go, and the records stay. The
records of changes to a Ward Plan or a forum meeting keep the name of who made each change for
RECORDS_YEARS after the plan's year or the meeting ends; after that the change stays, unnamed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from localism.accounts.models import User
from localism.core import retention
from localism.core.dates import years_before

from ..models import Action, CouncillorSeat, ForumMeeting, Priority, SpendLine, WardBudget, WardChampion, WardPlan
from ..models.plans import financial_year


@transaction.atomic
def account_references_release(*, user: User) -> None:
    """The seats stay as the council published them, linked to no account; the account is no
    longer a ward champion."""
    CouncillorSeat.objects.filter(councillor=user).update(councillor=None)
    WardChampion.objects.filter(officer=user).delete()


def _release_account(sender, *, user, **kwargs):
    account_references_release(user=user)


@transaction.atomic
def change_records_unname_expired(*, now: datetime.datetime | None = None) -> int:
    """Remove the name of who made each change from the records of plans whose year ended, and
    of meetings held, more than RECORDS_YEARS ago. Returns how many records lost a name; a
    second run finds none."""
    now = now or timezone.now()
    cutoff = years_before(now, settings.RECORDS_YEARS)
    # A financial year before the cutoff's ended before the cutoff (periods sort as text: 2019/20 < 2020/21).
    ended = {"period__lt": financial_year(timezone.localdate(cutoff))}
    plans = list(WardPlan.history.filter(**ended).values_list("id", flat=True).distinct())
    priorities = list(Priority.history.filter(plan_id__in=plans).values_list("id", flat=True).distinct())
    budgets = list(WardBudget.history.filter(**ended).values_list("id", flat=True).distinct())
    named = {"history_user__isnull": False}
    records = [
        WardPlan.history.filter(id__in=plans, **named),
        Priority.history.filter(id__in=priorities, **named),
        Action.history.filter(priority_id__in=priorities, **named),
        WardBudget.history.filter(id__in=budgets, **named),
        SpendLine.history.filter(budget_id__in=budgets, **named),
        ForumMeeting.history.filter(starts_at__lt=cutoff, **named),
    ]
    unnamed = sum(queryset.update(history_user=None) for queryset in records)
    retention.removed(job=CHANGE_RECORDS_JOB, counts={"names_against_changes": unnamed}, now=now)
    return unnamed


CHANGE_RECORDS_JOB = "change_records"


def retention_declare() -> None:
    """The wards' retention job, in the privacy notice's words (localism.core.retention)."""
    retention.declare(
        CHANGE_RECORDS_JOB, title="Names against records of changes",
        data="Records of changes you made to a Ward Plan or a Ward Forum meeting: your name against the change "
             "(the change stays, unnamed)",
        rule=lambda: f"{settings.RECORDS_YEARS} years after the Ward Plan's year or the meeting ends",
        kinds=("names_against_changes",))
