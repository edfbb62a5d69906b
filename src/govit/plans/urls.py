"""The year's plan and the key projects (第五条; the root URLconf includes these at "")."""

from django.urls import path

from govit.plans import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="list"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="submit"),
    path("plans/<int:pk>/decide/", views.plan_decide, name="decide"),
    path("key-projects/", views.key_projects, name="key_projects"),
]
