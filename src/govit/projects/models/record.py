"""What every record kept on a project's way shares: it is seen by whoever may see its project.

Each room's records (a contract, an approval, a payment, a data resource …) derive from
`ProjectRecord`, so `Contract.objects.visible_to(user)` is the one way to fetch them on a
person's behalf, as NetBox's `restrict`; the rule itself is `ProjectQuerySet.visible_to`. A
record that reaches its project through another (a contract's line, a resource's sharing)
names the way in `project_path`.
"""

from django.db import models
from django.db.models import Exists, OuterRef

from govit.accounts.models import User
from govit.projects.models.project import Project


class ProjectRecordQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> "ProjectRecordQuerySet":
        # Asked of each record's own project (EXISTS, one step down the primary key), not as
        # "project IN (every project the person may see)", which SQLite would gather whole
        # first: a page reading one project's records, or the few awaiting a step, stays as
        # fast at 100,000 projects as at 100.
        path = self.model.project_path
        return self.filter(Exists(Project.objects.visible_to(user).filter(pk=OuterRef(path))))


class ProjectRecord(models.Model):
    project_path = "project"

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        abstract = True
