from django.urls import path

from govit.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.event_list, name="audit_log"),
    path("audit/<int:seq>/", views.event_detail, name="audit_event"),
]
