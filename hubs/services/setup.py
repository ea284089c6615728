"""Setting up a hub: the hub itself, its opening hours, spaces, services and closures. Admins
set up hubs; a hub's officers keep its parts. `user=None` is the system itself (a management
command loading reference or demonstration data), recorded as such."""

import datetime

from django.db import transaction

from localism.core.errors import Invalid
from localism.core.services import require

from ..models import Closure, Hub, HubService, OpeningHours, ServiceSchedule, Space
from .occupancy import SPACE_NOT_IN_HUB

NOT_AN_ADMIN = "Only admins set up hubs."
NOT_YOUR_HUB = "Only the hub's officers change its spaces, services and closures."


def _require_manager(user, hub: Hub) -> None:
    if user is not None:
        require(user, "hubs.change_hub", hub, message=NOT_YOUR_HUB)


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def hub_create(*, user, hours: list[tuple[int, datetime.time, datetime.time]] = (), managers=(),
               **values) -> Hub:
    """A new hub with its weekly opening hours ((weekday, opens, closes) rows) and managers."""
    if user is not None:
        require(user, "hubs.add_hub", message=NOT_AN_ADMIN)
    hub = _saved(Hub(**values))
    for weekday, opens, closes in hours:
        _saved(OpeningHours(hub=hub, weekday=weekday, opens=opens, closes=closes))
    if managers:
        hub.managers.add(*managers)
    return hub


def hub_managers_add(*, user, hub: Hub, managers) -> None:
    if user is not None:
        require(user, "hubs.add_hub", message=NOT_AN_ADMIN)
    hub.managers.add(*managers)


@transaction.atomic
def space_create(*, user, hub: Hub, **values) -> Space:
    _require_manager(user, hub)
    return _saved(Space(hub=hub, **values))


@transaction.atomic
def hub_service_create(*, user, hub: Hub, schedule: list[tuple[int, datetime.time, datetime.time]] = (),
                       **values) -> HubService:
    """A service offered at a hub, with when it runs ((weekday, opens, closes) rows)."""
    _require_manager(user, hub)
    service = _saved(HubService(hub=hub, **values))
    for weekday, opens, closes in schedule:
        _saved(ServiceSchedule(service=service, weekday=weekday, opens=opens, closes=closes))
    return service


@transaction.atomic
def closure_save(*, user, hub: Hub, space: Space | None, starts_on: datetime.date, ends_on: datetime.date,
                 reason: str, closure: Closure | None = None) -> Closure:
    """Close a space (or, with no space, the whole hub) for some days, or change such a closure."""
    _require_manager(user, hub)
    if space is not None and space.hub_id != hub.pk:
        raise Invalid({"space": SPACE_NOT_IN_HUB.format(hub=hub.name)})
    closure = closure or Closure()
    closure.hub, closure.space, closure.starts_on, closure.ends_on, closure.reason = (
        hub, space, starts_on, ends_on, reason)
    return _saved(closure)
