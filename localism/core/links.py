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
Section 106 and CIL received, allocated and spent, and the neighbourhood CIL available)."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


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
