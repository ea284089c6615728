"""Events that tell people something happened (a booking requested, an action assigned), without
the app where it happened knowing who delivers the news, or how (the layering in DESIGN.md: the
reports app, at the top, records notifications and sends the e-mails).

An app declares the kinds of event it publishes, once, in its AppConfig.ready(); its services
publish an event inside the transaction that makes the change; subscribers hear of it only once
the transaction commits, so a change rolled back tells nobody:

    events.declare("booking_requested", "A booking is requested at a hub you manage",
                   audience="hub officers")                            # in hubs' ready()
    events.publish(events.Event(kind="booking_requested", key=f"booking-requested:{booking.pk}",
                                recipients=officer_ids, subject="…", body="…", url=booking_url))

An event's `key` makes it once-only: a recipient is told of the same key once, however often it
is published (a retried job, a page submitted twice). Its subject and body carry no more than
each of its recipients may see on the site."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 2_000
KEY_MAX_LENGTH = 120
URL_MAX_LENGTH = 300


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # what a person chooses to hear about: "A booking is requested at a hub you manage"
    audience: str = ""  # who hears it: "hub officers"


@dataclass(frozen=True)
class Event:
    kind: str
    key: str
    recipients: tuple[int, ...]  # user ids
    subject: str
    body: str
    url: str = ""  # the page it is about, a path on the site

    def __post_init__(self):
        if self.kind not in _kinds:
            raise ValueError(f"Undeclared kind of event: {self.kind!r}")
        object.__setattr__(self, "recipients", tuple(dict.fromkeys(int(pk) for pk in self.recipients if pk)))
        object.__setattr__(self, "subject", " ".join(self.subject.split())[:SUBJECT_MAX_LENGTH])
        object.__setattr__(self, "body", self.body.strip()[:BODY_MAX_LENGTH])
        if len(self.key) > KEY_MAX_LENGTH or len(self.url) > URL_MAX_LENGTH:
            raise ValueError("An event's key or url is too long")


_kinds: dict[str, Kind] = {}
_subscribers: list[Callable[[Event], None]] = []


def declare(code: str, label: str, *, audience: str = "") -> Kind:
    """Declare a kind of event (idempotent: ready() may run more than once)."""
    kind = _kinds.setdefault(code, Kind(code=code, label=label, audience=audience))
    return kind


def kinds() -> list[Kind]:
    """Every declared kind, in the order the apps declared them."""
    return list(_kinds.values())


def kind(code: str) -> Kind | None:
    return _kinds.get(code)


def subscribe(subscriber: Callable[[Event], None]) -> None:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def publish(event: Event) -> None:
    """Tell the subscribers of `event` once the current transaction commits (at once outside one)."""
    if not event.recipients:
        return
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: Event) -> None:
    for subscriber in list(_subscribers):
        subscriber(event)
