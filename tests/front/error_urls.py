"""GovIT's URLs with views that fail, for the error tests (pytest.mark.urls)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from govit.urls import handler500  # noqa: F401  (the resolver looks for it in the URLconf)
from govit.urls import urlpatterns as govit_urlpatterns


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault of GovIT's own")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("fault/", fault),
    path("forbidden/", forbidden),
    path("api/fault/", fault),  # under /api/ but not an endpoint of the API's own
    *govit_urlpatterns,
]
