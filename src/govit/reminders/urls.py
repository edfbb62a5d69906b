"""The reminders page (the root URLconf includes these at "")."""

from django.urls import path

from govit.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.inbox, name="inbox"),
    path("reminders/<int:pk>/read/", views.mark_read, name="mark_read"),
    path("reminders/run/", views.run, name="run"),
]
