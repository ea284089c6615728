"""Links from a lower app's pages to what a higher app records about its objects, without the
lower app importing the higher one (the layering in DESIGN.md).

A higher app registers a provider for a kind of link in its AppConfig.ready(); a lower app's view
asks for the links of its objects, in one call (so a provider answers for all of them at once,
with a fixed number of queries). For example, engagement tells the wards app which consultation
or idea a priority came from, and which ideas were taken to a forum meeting:

    links.provide("priority_sources", engagement_priority_sources)   # in engagement's ready()
    sources = links.of("priority_sources", priorities)                # in a wards view
    # -> {priority.pk: [Link("Consultation: Parks survey", "/consultations/4/"), ...]}

Kinds in use: "priority_sources" (Priority), "plan_consultations" (WardPlan), "meeting_ideas"
(ForumMeeting), "ward_engagement" (Ward), "ward_assets" (Ward: the council's assets in it, each with
its point for the ward's boundary drawing), "priority_assets" (Priority: the uses of assets
proposed from it), "priority_propose" (Priority: where its plan's editors propose a use for an
asset; asked only for them), "ward_contracts" (Ward: the service contracts serving it, city-wide ones
too, renewing soonest first, each noting its renewal window's state), "ward_contributions" (Ward:
Section 106 and CIL received, allocated and spent, and the neighbourhood CIL available).

`address_of` makes the addresses of many objects of one kind (every action of a plan, every ward
of a list) from a single reversal of the URL name."""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    note: str = ""
    # (longitude, latitude) in WGS84, for a link drawn on a map (an asset on the ward's drawing).
    point: tuple[float, float] | None = None


_providers: dict[str, list[Callable]] = defaultdict(list)


def provide(kind: str, provider: Callable[[list], dict]) -> None:
    """Register `provider(objects) -> {pk: [Link, ...]}` for a kind (once per provider)."""
    if provider not in _providers[kind]:
        _providers[kind].append(provider)


def of(kind: str, objects: Iterable) -> dict[int, list[Link]]:
    """The links of each object, by pk: every provider's, in the order they registered."""
    objects = [o for o in objects if o is not None]
    found: dict[int, list[Link]] = defaultdict(list)
    if not objects:
        return found
    for provider in _providers.get(kind, []):
        for pk, links in provider(objects).items():
            found[pk].extend(links)
    return found


# Stand-ins reversed in place of the value, tried in turn: the first that the URL's converter
# accepts (a number for <int:...>, a GSS code for a ward's code) is replaced by each value. They are
# values no record has, and neither appears in any address of the site otherwise.
MARKERS = ("2147483647", "Z99999999")
# What a value may hold to be put in an address as it is: what needs quoting (or cannot be in a
# path at all) is refused, as reverse() refuses what its converter does not accept.
PLAIN_VALUE = re.compile(r"[-a-zA-Z0-9_]+")
REFUSED = "{value!r} cannot be put in an address as it is: reverse {name!r} for it instead."


@lru_cache(maxsize=256)
def _parts(name: str, kwarg: str, urlconf, script_prefix: str) -> tuple[str, str]:
    """The address of `name` before and after its `kwarg`, reversed once per URL configuration
    and script prefix (the prefix is part of the key: a site served under /localism/ has its own)."""
    for marker in MARKERS:
        try:
            url = reverse(name, kwargs={kwarg: marker}, urlconf=urlconf)
        except NoReverseMatch:
            continue
        if url.count(marker) == 1:
            head, tail = url.split(marker)
            return head, tail
    raise NoReverseMatch(f"{name!r} takes no {kwarg!r} that a marker can stand for.")


def address_of(name: str, kwarg: str = "pk", *, request=None) -> Callable[[int | str], str]:
    """The address of the page `name` for any value of its one argument `kwarg`, from a single
    reversal: `address_of("plans:action")(action.pk)` is `reverse("plans:action", kwargs={"pk":
    action.pk})`, without resolving the URL patterns again for each of a thousand actions. With a
    `request`, absolute addresses (as `request.build_absolute_uri`, and DRF's `reverse` with a
    request, make them).

    A value is a number or a slug-like text (letters, digits, - and _); anything else, which would
    need quoting, is refused with ValueError. The value is not checked against the URL's own
    converter: give the kind of value the URL takes."""
    head, tail = _parts(name, kwarg, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if request is not None:
        head = request.build_absolute_uri(head)

    def address(value: int | str) -> str:
        if type(value) is int:
            if value < 0:
                raise ValueError(REFUSED.format(value=value, name=name))
            return f"{head}{value}{tail}"
        if isinstance(value, str) and PLAIN_VALUE.fullmatch(value):
            return f"{head}{value}{tail}"
        raise ValueError(REFUSED.format(value=value, name=name))

    return address
