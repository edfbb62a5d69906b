"""The holiday calendar's pages (the root URLconf includes these at "")."""

from django.urls import path

from govit.holidays import views

app_name = "holidays"

urlpatterns = [
    path("calendar/", views.year_list, name="calendar"),
    path("calendar/import/", views.schedule_import, name="calendar_import"),
    path("calendar/<int:year>/", views.year_detail, name="calendar_year"),
]
