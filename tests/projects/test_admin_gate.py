"""第十二条 has no back door in the admin: projects can be looked at there, never changed."""

import pytest
from django.test import Client
from tests.conftest import signed_in

from govit.accounts.models import User
from govit.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(demo) -> Client:
    root = User.objects.create_superuser("root", "x-password-1")
    User.objects.filter(pk=root.pk).update(must_change_password=False)
    root.refresh_from_db()
    return signed_in(Client(), root)


def test_the_admin_shows_a_project_but_refuses_to_change_its_state(superuser_client, new_project):
    project = new_project()
    assert superuser_client.get(f"/admin/projects/project/{project.pk}/change/").status_code == 200
    response = superuser_client.post(f"/admin/projects/project/{project.pk}/change/", {"state": "approved"})
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).state == "draft"


def test_the_admin_cannot_add_or_delete_projects(superuser_client, new_project):
    project = new_project()
    assert superuser_client.get("/admin/projects/project/add/").status_code == 403
    assert (
        superuser_client.post(f"/admin/projects/project/{project.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Project.objects.filter(pk=project.pk).exists()
