"""The site's addresses, and the floor: a trivial response through the same middleware, the least
any request can cost on this server (bench/pages.py measures every page against it)."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    # Private, so the page cache never keeps it: the floor is a built response, every time.
    return HttpResponse("floor", content_type="text/plain", headers={"Cache-Control": "private"})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("localism.urls")),
]

handler404 = "localism.views.page_not_found"
handler500 = "localism.views.server_error"
