"""The duplicate check's pages (the root URLconf includes these at ""): the BDB's thesaurus, and
the similar projects of an application being written."""

from django.urls import path

from govit.similar import views

app_name = "similar"

urlpatterns = [
    path("similar/thesaurus/", views.thesaurus, name="thesaurus"),
    path("similar/thesaurus/remove/", views.thesaurus_remove, name="thesaurus_remove"),
    path("similar/draft/", views.draft_panel, name="draft"),
]
