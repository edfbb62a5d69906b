"""The JSON API (R8.5) under /api/v1/, with its OpenAPI description and docs served locally."""

from django.urls import path

from govit.api import docs, errors
from govit.api.api import api

urlpatterns = [
    path("docs/assets/<str:name>", docs.asset, name="api_docs_asset"),
    path("", api.urls),
    path("<path:rest>", errors.endpoint_not_found),
]
