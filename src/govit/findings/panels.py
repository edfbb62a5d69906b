"""The 监督意见 page of a project: its findings as the person may see them, the form to open one for
a bureau whose duty it is, and on each row the form its next actor fills (answer, or close)."""

from typing import Any

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.findings import services
from govit.findings.forms import AnswerForm, CloseForm, OpenForm
from govit.findings.models import Finding
from govit.findings.selectors import findings_of, label_of
from govit.projects import policies
from govit.projects.models import Project


def findings_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    rules = policies.of(project)
    kinds = services.kind_choices(user, project)
    failed = bound.get("finding_row")
    rows = []
    for finding in findings_of(user, project):
        finding.label = label_of(project, finding.kind)
        finding.form = None
        prefix = {"auto_id": f"{finding.anchor}-%s"}
        if (
            finding.state == Finding.State.OPEN
            and Role.UNIT in user.role_set
            and user.organisation_id == project.unit_id
        ):
            finding.form = bound.get("answer_form") if failed == finding.anchor else AnswerForm(**prefix)
        elif finding.state == Finding.State.ANSWERED and finding.kind in user.role_set:
            finding.form = bound.get("close_form") if failed == finding.anchor else CloseForm(**prefix)
        rows.append(finding)
    duties = [(Role(role).label, duty["label"], duty["duty"]) for role, duty in rules.oversight.items()]
    return {
        "findings": rows,
        "finding_failed": failed,
        "finding_open_form": (bound.get("open_form") or OpenForm(kinds=kinds))
        if kinds and project.list_code
        else None,
        "oversight_duties": duties,
        "oversight_article": rules.cite(rules.oversight_article),
    }
