"""The jobs' pages (the root URLconf includes these at "")."""

from django.urls import path

from govit.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<uuid:pk>/", views.detail, name="detail"),
    path("jobs/<uuid:pk>/status.json", views.status, name="status"),
    path("jobs/<uuid:pk>/download/", views.download, name="download"),
]
