"""Public hub pages, which anyone may read without signing in: the directory of hubs, with its
filters, and a hub's page with its opening hours, services and the spaces that can be booked."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from localism.core.paging import page_of

from .. import selectors
from ..forms.public import HubFilterForm
from ..models import Hub, Weekday

HUBS_PER_PAGE = 50


@require_GET
def hub_list(request):
    form = HubFilterForm(request.GET or None, wards=selectors.wards_with_hubs())
    hubs = selectors.hubs_for_directory(**form.directory_filters())
    if form.location:
        hubs = selectors.hubs_near(hubs, latitude=form.location.latitude, longitude=form.location.longitude)
    page = page_of(request, hubs, HUBS_PER_PAGE)  # a city's hubs fit one page; a larger area's are paged
    return render(request, "hubs/list.html",
                  {"form": form, "hubs": selectors.directory_entries(page.object_list), "page": page,
                   "near": form.location}, status=form.status)


@require_GET
def hub_detail(request, slug):
    try:
        hub = selectors.hub_get(slug=slug)
    except Hub.DoesNotExist:
        raise Http404("No hub has that address.") from None
    spaces = [space for space in hub.spaces.all() if space.is_bookable]
    can_manage = request.user.has_perm("hubs.change_hub", hub)
    return render(request, "hubs/detail.html", {
        "hub": hub,
        "week": selectors.opening_week(hub),
        "today": Weekday(timezone.localdate().weekday()).label,
        "closures": selectors.hub_closures_ahead(hub),
        "spaces": spaces,
        "can_manage": can_manage,
        # Managers have the booking link among theirs; others need a space open to booking.
        "can_book": not can_manage and bool(spaces) and request.user.has_perm("hubs.add_booking"),
    })
