"""WSGI entry point for GovIT (e.g. `gunicorn govit.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govit.settings")

application = get_wsgi_application()
