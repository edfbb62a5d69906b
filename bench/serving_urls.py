"""The URLconf bench/serving.py's servers run: all of GovIT's, and one bare view beside it.

The bare view returns a small JsonResponse and touches no database: the floor a request through
the same gunicorn, WSGI handler and middleware costs, against which the JSON list is measured.
It is selected only by the bench's settings override (ROOT_URLCONF = "serving_urls"); GovIT itself
never serves it."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from serving import BARE_PATH


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"items": [], "count": 0})


# GovIT's own 500 page, as govit.urls names it (a root URLconf names the handlers).
handler500 = "govit.front.views.server_error"

urlpatterns = [
    path(BARE_PATH.lstrip("/"), bare),
    path("", include("govit.urls")),
]
