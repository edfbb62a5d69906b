"""The interactive API docs, served from this machine: government intranets have no internet (R8.6).

django-ninja's own Swagger page loads swagger-ui from a CDN unless "ninja" is an installed app;
this page uses the swagger-ui files that ship inside django-ninja, served by GovIT itself.
"""

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

SWAGGER_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # swagger-ui would otherwise fetch a validity badge from validator.swagger.io.
        "validatorUrl": None,
        "persistAuthorization": False,
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"title": api.title, "swagger_settings": json.dumps(settings, ensure_ascii=False)}
        return render(request, "api/docs.html", context)


def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of swagger-ui's files; nothing else in that directory is served."""
    if name not in ASSETS:
        raise Http404(name)
    response = FileResponse((SWAGGER_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "max-age=86400"
    return response
