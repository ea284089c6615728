"""The site's addresses, and the floor: a trivial response through the same middleware, the least
any request can cost on this server (bench/pages.py measures every page against it)."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView


def floor(request):
    # Private, so the page cache never keeps it: the floor is a built response, every time.
    return HttpResponse("floor", content_type="text/plain", headers={"Cache-Control": "private"})


class ApiFloor(APIView):
    """The API's floor: a trivial answer behind the API's own default authentication, permission,
    throttle, content negotiation and renderer classes (REST_FRAMEWORK in the settings), so a
    token holder's fixed cost shows beside the anonymous one."""

    def get(self, request):
        return Response({"floor": True}, headers={"Cache-Control": "private"})


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/api-floor/", ApiFloor.as_view()),
    path("", include("localism.urls")),
]

handler404 = "localism.views.page_not_found"
handler500 = "localism.views.server_error"
