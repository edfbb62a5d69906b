"""GovIT's URLs: the people-facing pages at the root, the JSON API under /api/v1/, Django's
admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "GovIT 政务信息化项目管理平台 · 管理后台"
admin.site.site_title = "GovIT 管理后台"
admin.site.index_title = "系统管理"

# The 404 and 403 pages are Django's handlers with GovIT's templates; the 500 page shows the request id.
handler500 = "govit.front.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("govit.api.urls")),
    path("", include("govit.projects.urls")),
    path("", include("govit.reminders.urls")),
    path("", include("govit.jobs.urls")),
    path("", include("govit.holidays.urls")),
    path("", include("govit.similar.urls")),
    path("", include("govit.plans.urls")),
    path("", include("govit.audit.urls")),
    path("", include("govit.accounts.urls")),
    path("", include("govit.public.urls")),
    path("", include("govit.front.urls")),
]
