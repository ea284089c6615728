"""The pages where a hub's officers set it up in the browser: its spaces and their hourly rates,
its services and when they run, its opening hours (several spells a day) and its closures. A new
closure lists the bookings it covers, for the officer to move or cancel.

Only the hub's managers (and admins) see these pages; every write goes through the setup
services, which check the permission again and say what is wrong with the values.
"""

import datetime
from functools import partial

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from localism.core.dates import DATE_HINT, EVENTS
from localism.core.forms import ServiceForm
from localism.core.paging import page_of
from localism.core.views import form_status, posted, refusal

from ..forms.setup import ClosureForm, HubServiceForm, OpeningHoursForm, SpaceForm
from ..models import Closure, Hub, HubService, Space, SpaceRate
from ..services import setup

CHANGE_HUB = "hubs.change_hub"
SPACE_ADDED = "Space added: {name}."
SPACE_SAVED = "Space saved: {name}."
SPACE_REMOVED = "Space removed: {name}."
SERVICE_ADDED = "Service added: {name}."
SERVICE_SAVED = "Service saved: {name}."
SERVICE_REMOVED = "Service removed: {name}."
HOURS_SAVED = "Opening hours saved."
CLOSURE_SAVED = "Closure saved: {closure}."
CLOSURE_REMOVED = "Closure removed: {closure}."
# The setup page's lists, each a page at a time by a query parameter of its own.
SPACES_PER_PAGE = 25
SERVICES_PER_PAGE = 25
CLOSURES_PER_PAGE = 25


def _managed_hub(request, slug: str):
    """The hub, and the refusal to send instead if this user does not run it."""
    hub = get_object_or_404(Hub, slug=slug)
    return hub, refusal(request, CHANGE_HUB, hub)


def _part(request, model, pk: int, *, also=()):
    """A space, service or closure with its hub, and the refusal if this user does not run it."""
    item = get_object_or_404(model.objects.select_related("hub", *also), pk=pk)
    return item, refusal(request, CHANGE_HUB, item.hub)


def _closure_text(closure: Closure) -> str:
    what = closure.space.name if closure.space_id else closure.hub.name
    return f"{what}, {closure.starts_on:%-d %B %Y} to {closure.ends_on:%-d %B %Y}"


@require_GET
def setup_home(request, slug):
    hub, refused = _managed_hub(request, slug)
    if refused:
        return refused
    spaces = hub.spaces.order_by("name", "pk").prefetch_related(
        Prefetch("rates", queryset=SpaceRate.objects.order_by("booker_kind")))
    services = (hub.services.select_related("organisation").prefetch_related("schedules")
                .order_by("name", "pk"))
    closures = hub.closures.select_related("space").order_by("-starts_on", "-pk")
    return render(request, "hubs/manage/setup/home.html", {
        "hub": hub,
        "spaces": page_of(request, spaces, SPACES_PER_PAGE, param="spaces", anchor="spaces"),
        "services": page_of(request, services, SERVICES_PER_PAGE, param="services", anchor="services"),
        "hours": hub.opening_hours.order_by("weekday", "opens"),
        "closures": page_of(request, closures, CLOSURES_PER_PAGE, param="closures", anchor="closures"),
    })


def week_day(hub: Hub, grid: dict, *, chosen, today) -> dict:
    """The week view's one day at a time, for narrow screens: the day asked for (else today, if
    in the week, else its Monday), each space's bookings that day, and links to every day of the
    week and to the days before and after (plain links: they work without JavaScript)."""
    days = grid["days"]
    day = chosen if chosen in days else (today if today in days else days[0])
    index = days.index(day)
    before, after = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    first, last = EVENTS.bounds(today)  # no link to a day outside the bookings' window
    has_before = bool(index or grid["previous"]) and before >= first
    has_after = bool(index < 6 or grid["next"]) and after <= last
    return {
        "day": day,
        "day_rows": [{"space": row["space"], "bookings": row["days"][index]} for row in grid["rows"]],
        "day_links": [{"day": d, "url": _day_url(hub, d), "current": d == day} for d in days if first <= d <= last],
        "previous_day": before if has_before else None,
        "previous_day_url": _day_url(hub, before) if has_before else None,
        "next_day": after if has_after else None,
        "next_day_url": _day_url(hub, after) if has_after else None,
    }


def _day_url(hub: Hub, day) -> str:
    return f"{reverse('hubs:week', kwargs={'slug': hub.slug})}?date={day:%Y-%m-%d}#day"


# Spaces

def _space_page(request, hub: Hub, space: Space | None):
    form = SpaceForm(posted(request), space=space)
    if form.is_bound and form.is_valid() and (saved := form.submit(
            setup.space_save, user=request.user, hub=hub, space=space, **form.space_values())):
        messages.success(request, (SPACE_SAVED if space else SPACE_ADDED).format(name=saved.name))
        return redirect("hubs:setup", slug=hub.slug)
    return render(request, "hubs/manage/setup/form.html", {
        "hub": hub, "form": form, "heading": f"Change {space.name}" if space else "Add a space",
        "button": "Save the space" if space else "Add the space",
    }, status=form_status(form))


@require_http_methods(["GET", "POST"])
def space_new(request, slug):
    hub, refused = _managed_hub(request, slug)
    return refused or _space_page(request, hub, None)


@require_http_methods(["GET", "POST"])
def space_edit(request, pk):
    space, refused = _part(request, Space, pk)
    return refused or _space_page(request, space.hub, space)


def _remove_page(request, item, *, delete, what: str, done: str):
    """Ask before removing `item`; `delete(user=…)` removes it through its service."""
    form = ServiceForm(posted(request))
    if form.is_bound and form.is_valid():
        form.submit(delete, user=request.user)
        if not form.errors:
            messages.success(request, done)
            return redirect("hubs:setup", slug=item.hub.slug)
    return render(request, "hubs/manage/setup/remove.html", {"hub": item.hub, "form": form, "what": what},
                  status=form_status(form))


@require_http_methods(["GET", "POST"])
def space_remove(request, pk):
    space, refused = _part(request, Space, pk)
    return refused or _remove_page(request, space, delete=partial(setup.space_delete, space=space),
                                   what=space.name, done=SPACE_REMOVED.format(name=space.name))


# Services

def _service_page(request, hub: Hub, service: HubService | None):
    form = HubServiceForm(posted(request), service=service)
    if form.is_bound and form.is_valid() and (saved := form.submit(
            setup.hub_service_save, user=request.user, hub=hub, service=service, **form.service_values())):
        messages.success(request, (SERVICE_SAVED if service else SERVICE_ADDED).format(name=saved.name))
        return redirect("hubs:setup", slug=hub.slug)
    return render(request, "hubs/manage/setup/form.html", {
        "hub": hub, "form": form, "days": form.spell_days(), "days_legend": "When it runs",
        "heading": f"Change {service.name}" if service else "Add a service",
        "button": "Save the service" if service else "Add the service",
    }, status=form_status(form))


@require_http_methods(["GET", "POST"])
def service_new(request, slug):
    hub, refused = _managed_hub(request, slug)
    return refused or _service_page(request, hub, None)


@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service, refused = _part(request, HubService, pk)
    return refused or _service_page(request, service.hub, service)


@require_http_methods(["GET", "POST"])
def service_remove(request, pk):
    service, refused = _part(request, HubService, pk)
    return refused or _remove_page(request, service, delete=partial(setup.hub_service_delete, service=service),
                                   what=service.name, done=SERVICE_REMOVED.format(name=service.name))


# Opening hours

@require_http_methods(["GET", "POST"])
def opening_hours(request, slug):
    hub, refused = _managed_hub(request, slug)
    if refused:
        return refused
    spells = [(h.weekday, h.opens, h.closes) for h in hub.opening_hours.order_by("weekday", "opens")]
    form = OpeningHoursForm(posted(request), spells=spells)
    if form.is_bound and form.is_valid() and form.submit(
            setup.opening_hours_set, user=request.user, hub=hub, spells=form.cleaned_data["spells"]) is not None:
        messages.success(request, HOURS_SAVED)
        return redirect("hubs:setup", slug=hub.slug)
    return render(request, "hubs/manage/setup/form.html", {
        "hub": hub, "form": form, "days": form.spell_days(), "days_legend": "When the hub is open",
        "heading": "Opening hours", "button": "Save the opening hours",
        "intro": "A day may have up to three spells, such as 09:00 to 13:00 and 14:00 to 17:00. Leave a day "
                 "empty when the hub is closed. Bookings already made stand.",
    }, status=form_status(form))


# Closures

def _closure_page(request, hub: Hub, closure: Closure | None):
    form = ClosureForm(posted(request), hub=hub, closure=closure)
    if form.is_bound and form.is_valid() and (saved := form.submit(
            setup.closure_save, user=request.user, hub=hub, closure=closure, **form.cleaned_data)):
        messages.success(request, CLOSURE_SAVED.format(closure=_closure_text(saved)))
        return redirect("hubs:closure", pk=saved.pk)
    return render(request, "hubs/manage/setup/form.html", {
        "hub": hub, "form": form, "date_hint": DATE_HINT,
        "heading": "Change a closure" if closure else "Close the hub or a space",
        "button": "Save the closure",
        "intro": "Bank holidays, refurbishment, or any day the hub or one of its spaces cannot be used. "
                 "New bookings are refused on these days; you will see the bookings already made for them.",
    }, status=form_status(form))


@require_http_methods(["GET", "POST"])
def closure_new(request, slug):
    hub, refused = _managed_hub(request, slug)
    return refused or _closure_page(request, hub, None)


@require_http_methods(["GET", "POST"])
def closure_edit(request, pk):
    closure, refused = _part(request, Closure, pk)
    return refused or _closure_page(request, closure.hub, closure)


@require_GET
def closure_detail(request, pk):
    closure, refused = _part(request, Closure, pk, also=("space",))
    if refused:
        return refused
    return render(request, "hubs/manage/setup/closure.html", {
        "hub": closure.hub, "closure": closure, "what": _closure_text(closure),
        "bookings": setup.bookings_in_closure(closure),
    })


@require_http_methods(["GET", "POST"])
def closure_remove(request, pk):
    closure, refused = _part(request, Closure, pk, also=("space",))
    if refused:
        return refused
    text = _closure_text(closure)
    return _remove_page(request, closure, delete=partial(setup.closure_delete, closure=closure),
                        what=f"the closure of {text}",
                        done=CLOSURE_REMOVED.format(closure=text))
