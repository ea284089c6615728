"""Occupancies: which organisation occupies which spaces of a hub, under what agreement. The
checks of an agreement's dates and spaces are here and nowhere else."""

import datetime

from django.db import IntegrityError, transaction

from localism.accounts.models import Organisation
from localism.core.errors import Invalid
from localism.core.services import audited_create, lock_in_order, require, versioned_save

from ..models import Hub, Occupancy, Space, SpaceLetting

SPACE_NOT_IN_HUB = "Choose spaces of {hub}."
BREAK_OUTSIDE_TERM = "The break date must fall within the agreement."
OCCUPANCY_ENDS_BEFORE_START = "The agreement must end on or after the day it starts"
NOT_YOUR_HUB = "Only the hub's officers record its occupiers."
ALREADY_LET = "{space} is let to {occupiers}. Choose other dates or another space."
SHARED_FULL = ("{space} takes {n} occupiers at once, and is let to {occupiers}. Choose other dates or "
               "another space.")
LET_FROM = "{organisation} from {start:%-d %B %Y} to {end:%-d %B %Y}"
LET_FROM_OPEN = "{organisation} from {start:%-d %B %Y}, with no end date"


def check_occupancy(*, hub: Hub, spaces, starts_on, ends_on, break_date) -> None:
    """Invalid, by field, unless the spaces are the hub's and the dates hang together."""
    errors = {}
    if any(s.hub_id != hub.pk for s in spaces):
        errors["spaces"] = SPACE_NOT_IN_HUB.format(hub=hub.name)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = OCCUPANCY_ENDS_BEFORE_START
    elif break_date and starts_on and (break_date < starts_on or (ends_on and break_date > ends_on)):
        errors["break_date"] = BREAK_OUTSIDE_TERM
    if errors:
        raise Invalid(errors)


def _let_to(letting: SpaceLetting) -> str:
    template = LET_FROM if letting.ends_on else LET_FROM_OPEN
    return template.format(organisation=letting.occupancy.organisation.name, start=letting.starts_on,
                           end=letting.ends_on)


def _most_at_once(lettings: list[SpaceLetting]) -> int:
    """The most of these lettings that hold the space on any one day (it is greatest on a day
    one of them starts)."""
    return max((sum(1 for other in lettings if other.starts_on <= one.starts_on
                    and (other.ends_on is None or one.starts_on <= other.ends_on)) for one in lettings), default=0)


def _clash(*, spaces: list[Space], starts_on, ends_on, exclude_pk=None) -> tuple[str, str] | None:
    """("spaces", why) if one of the spaces cannot take another occupier for these days: the one
    place of the rule "a space is let to no more occupiers at once than it takes" (the exclusion
    constraint on PostgreSQL is its last word for unshared spaces)."""
    overlapping = (SpaceLetting.objects.filter(space__in=spaces, live=True, starts_on__lte=ends_on or datetime.date.max)
                   .exclude(ends_on__lt=starts_on).exclude(occupancy_id=exclude_pk)
                   .select_related("occupancy__organisation").order_by("starts_on", "occupancy_id"))
    by_space = {}
    for letting in overlapping:
        by_space.setdefault(letting.space_id, []).append(letting)
    for space in sorted(spaces, key=lambda s: s.name):
        lettings = by_space.get(space.pk, [])
        if lettings and _most_at_once(lettings) >= space.max_occupiers:
            occupiers = "; ".join(_let_to(letting) for letting in lettings)
            if space.max_occupiers == 1:
                return "spaces", ALREADY_LET.format(space=space.name, occupiers=occupiers)
            return "spaces", SHARED_FULL.format(space=space.name, n=space.max_occupiers, occupiers=occupiers)
    return None


def _let(occupancy: Occupancy, spaces: list[Space]) -> None:
    """Keep the occupancy's lettings in step with its spaces, dates and status; a letting the
    database refuses (another request let the space first) is the same Invalid as one found."""
    SpaceLetting.objects.filter(occupancy=occupancy).delete()
    rows = [SpaceLetting(occupancy=occupancy, space=space, starts_on=occupancy.starts_on, ends_on=occupancy.ends_on,
                         exclusive=space.max_occupiers == 1, live=occupancy.is_live) for space in spaces]
    try:
        with transaction.atomic():
            SpaceLetting.objects.bulk_create(rows)
    except IntegrityError:
        clash = _clash(spaces=spaces, starts_on=occupancy.starts_on, ends_on=occupancy.ends_on,
                       exclude_pk=occupancy.pk)
        if clash is None:
            raise
        raise Invalid({clash[0]: clash[1]}) from None


@transaction.atomic
def occupancy_save(*, user, hub: Hub, organisation: Organisation, spaces, agreement: str,
                   starts_on: datetime.date, ends_on: datetime.date | None = None,
                   break_date: datetime.date | None = None, yearly_charge=0, status: str = Occupancy.Status.ACTIVE,
                   notes: str = "", occupancy: Occupancy | None = None) -> Occupancy:
    """Record (or change) an organisation's occupancy of spaces in a hub, for a user who runs the
    hub. A proposed or active occupancy may not take a space another one holds for any of its
    days, unless the space is shared and has room for one more occupier (Invalid on `spaces`,
    naming who holds it and when). The history keeps each change, the spaces included."""
    require(user, "hubs.change_hub", hub, message=NOT_YOUR_HUB)
    if occupancy is not None:  # moved from another hub: that hub's officers move it
        stored = Occupancy.objects.select_related("hub").get(pk=occupancy.pk)
        if stored.hub_id != hub.pk:
            require(user, "hubs.change_hub", stored.hub, message=NOT_YOUR_HUB)
    spaces = list(spaces)
    check_occupancy(hub=hub, spaces=spaces, starts_on=starts_on, ends_on=ends_on, break_date=break_date)
    # Requests to let the same spaces queue here (PostgreSQL); SQLite's write transaction already
    # runs one at a time. Then the lettings the others made are there to be seen.
    spaces = lock_in_order(Space.objects.filter(pk__in=[s.pk for s in spaces]))
    if status in Occupancy.LIVE and (clash := _clash(spaces=spaces, starts_on=starts_on, ends_on=ends_on,
                                                     exclude_pk=occupancy.pk if occupancy else None)):
        raise Invalid({clash[0]: clash[1]})
    values = dict(hub=hub, organisation=organisation, agreement=agreement, starts_on=starts_on, ends_on=ends_on,
                  break_date=break_date, yearly_charge=yearly_charge, status=status, notes=notes)
    if occupancy is None:
        saved = audited_create(Occupancy(**values), user=user, many={"spaces": spaces})
    else:
        saved = versioned_save(Occupancy, occupancy.pk, user=user, version=None, changes=values, thing="occupancy",
                               many={"spaces": spaces}, bump=False)
    _let(saved, spaces)
    return saved
