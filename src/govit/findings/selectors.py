"""Reading the bureaus' findings: a project's, as the person may see them, and those waiting for
someone (待办): an open one for its unit to answer, an answered one for its bureau to read. One
query each, whatever the number."""

from datetime import date

from django.db.models import QuerySet

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.findings.models import Finding
from govit.projects import policies
from govit.projects.models import Project


def label_of(project: Project, kind: str) -> str:
    """A finding's name as the project's version words it (审计意见 …), the model's otherwise."""
    return policies.of(project).oversight.get(kind, {}).get("label") or Finding.Kind(kind).label


def findings_of(user: User, project: Project) -> list[Finding]:
    return list(
        Finding.objects.visible_to(user)
        .filter(project=project)
        .select_related("opened_by", "answered_by", "closed_by")
        .order_by("issued_on", "pk")
    )


def waiting_for(user: User) -> QuerySet[Finding]:
    """The findings waiting for `user`: their unit's open ones (经办人), their bureaus' answered ones."""
    kinds = [kind for kind in Finding.Kind.values if kind in user.role_set]
    mine = Finding.objects.none()
    visible = Finding.objects.visible_to(user).select_related("project__unit")
    if Role.UNIT in user.role_set and user.organisation_id:
        mine = visible.filter(state=Finding.State.OPEN, project__unit_id=user.organisation_id)
    if kinds:
        mine = mine | visible.filter(state=Finding.State.ANSWERED, kind__in=kinds)
    return mine.order_by("due_on", "issued_on", "pk")


def work_items(user: User, today: date, item: type) -> list:
    """The findings waiting for `user` as the to-do's work items (`item`: its WorkItem)."""
    rows = []
    for finding in waiting_for(user):
        rules, label = policies.of(finding.project), label_of(finding.project, finding.kind)
        if finding.state == Finding.State.OPEN:
            again = "（退回后再次答复）" if finding.rounds else ""
            rows.append(item(finding.project, f"答复{label}{again}", finding.content[:60], finding.anchor,
                             finding.due_on, late=bool(finding.due_on and today > finding.due_on),
                             due_label="整改期限", article=rules.oversight_article))  # fmt: skip
        else:
            rows.append(item(finding.project, f"审阅{label}的整改答复", finding.answer[:60], finding.anchor,
                             article=rules.oversight_article))  # fmt: skip
    return rows
