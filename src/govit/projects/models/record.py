"""What every record kept on a project's way shares: it is seen by whoever may see its project.

Each room's records (a contract, an approval, a payment, a data resource …) derive from
`ProjectRecord`, so `Contract.objects.visible_to(user)` is the one way to fetch them on a
person's behalf, as NetBox's `restrict`; the rule itself is `ProjectQuerySet.visible_to`. A
record that reaches its project through another (a contract's line, a resource's sharing)
names the way in `project_path`.
"""

from django.db import models

from govit.accounts.models import User
from govit.projects.models.project import Project


class ProjectRecordQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> "ProjectRecordQuerySet":
        path = self.model.project_path
        return self.filter(**{f"{path}__in": Project.objects.visible_to(user)})


class ProjectRecord(models.Model):
    project_path = "project"

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        abstract = True
