"""信息公开: the public list and its open data (no login), and the BDB's choice of columns."""

from django.urls import path

from govit.public import views

app_name = "public"

urlpatterns = [
    path("public/", views.public_list, name="list"),
    path("public/projects.csv", views.public_csv, name="csv"),
    path("public/projects.json", views.public_json, name="json"),
    path("settings/public/", views.public_columns, name="columns"),
]
