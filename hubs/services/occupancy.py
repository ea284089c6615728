"""Occupancies: which organisation occupies which spaces of a hub, under what agreement. The
checks of an agreement's dates and spaces are here and nowhere else."""

import datetime

from django.db import transaction

from localism.accounts.models import Organisation
from localism.core.errors import Invalid
from localism.core.services import audited_create, require, versioned_save

from ..models import Hub, Occupancy

SPACE_NOT_IN_HUB = "Choose spaces of {hub}."
BREAK_OUTSIDE_TERM = "The break date must fall within the agreement."
OCCUPANCY_ENDS_BEFORE_START = "The agreement must end on or after the day it starts"
NOT_YOUR_HUB = "Only the hub's officers record its occupiers."


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


@transaction.atomic
def occupancy_save(*, user, hub: Hub, organisation: Organisation, spaces, agreement: str,
                   starts_on: datetime.date, ends_on: datetime.date | None = None,
                   break_date: datetime.date | None = None, yearly_charge=0, status: str = Occupancy.Status.ACTIVE,
                   notes: str = "", occupancy: Occupancy | None = None) -> Occupancy:
    """Record (or change) an organisation's occupancy of spaces in a hub, for a user who runs the
    hub. The history keeps each change, the spaces included."""
    require(user, "hubs.change_hub", hub, message=NOT_YOUR_HUB)
    if occupancy is not None:  # moved from another hub: that hub's officers move it
        stored = Occupancy.objects.select_related("hub").get(pk=occupancy.pk)
        if stored.hub_id != hub.pk:
            require(user, "hubs.change_hub", stored.hub, message=NOT_YOUR_HUB)
    spaces = list(spaces)
    check_occupancy(hub=hub, spaces=spaces, starts_on=starts_on, ends_on=ends_on, break_date=break_date)
    values = dict(hub=hub, organisation=organisation, agreement=agreement, starts_on=starts_on, ends_on=ends_on,
                  break_date=break_date, yearly_charge=yearly_charge, status=status, notes=notes)
    if occupancy is None:
        return audited_create(Occupancy(**values), user=user, many={"spaces": spaces})
    return versioned_save(Occupancy, occupancy.pk, user=user, version=None, changes=values, thing="occupancy",
                          many={"spaces": spaces}, bump=False)
