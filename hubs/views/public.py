"""Public hub pages (being built): the hub directory and a hub's page."""

from django.http import Http404
from django.shortcuts import render

from .. import selectors
from ..models import Hub


def hub_list(request):
    return render(request, "hubs/list.html", {"hubs": selectors.hubs_for_directory()})


def hub_detail(request, slug):
    try:
        hub = selectors.hub_get(slug=slug)
    except Hub.DoesNotExist:
        raise Http404("No hub has that address.") from None
    return render(request, "hubs/detail.html", {"hub": hub})
