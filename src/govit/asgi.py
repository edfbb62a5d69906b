"""ASGI entry point for GovIT (e.g. `uvicorn govit.asgi:application`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")

application = get_asgi_application()
