"""The bureaus' findings on a project (R0.1): opened by the bureau whose oversight duty it is, answered
by the project's unit, closed or sent back by the bureau that opened it. Each in one transaction,
the project locked, with its event on the project's trail citing the article of the duty."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.findings.models import Finding
from govit.findings.selectors import label_of
from govit.projects import errors, policies
from govit.projects.models import Project
from govit.projects.services import require_unit
from govit.projects.writes import locked, noted
from govit.workflow.lifecycle import STATES

# A listed project, in any state of its life and after it: audits come after the end too.
LISTED = frozenset(s.code for s in STATES if s.listed)
DOING = "登记监督意见"
NOT_YOURS = "{label}由{bureau}出具。"
LONGEST = timedelta(days=365)


@dataclass(frozen=True)
class FindingIn:
    kind: str
    issued_on: date
    content: str
    rectification: str = ""
    due_on: date | None = None
    reference: str = ""


def duty(project: Project, kind: str) -> dict[str, str]:
    """The oversight duty behind a finding of `kind` in the project's own version."""
    found = policies.of(project).oversight.get(kind)
    if found is None:
        raise errors.InvalidInput("请选择意见类型。", field="kind")
    return found


def kinds_for(user: User, project: Project) -> list[str]:
    """The findings `user` may open on `project`: those of their bureaus' duties."""
    return [role for role in policies.of(project).oversight if role in user.role_set]


def kind_choices(user: User, project: Project) -> list[tuple[str, str]]:
    """`kinds_for` with each kind's name, as the form offers them."""
    return [(kind, label_of(project, kind)) for kind in kinds_for(user, project)]


def _bureau(kind: str) -> str:
    return Role(kind).label


def _locked(project: Project, finding: Finding | None = None) -> tuple[Project, Finding | None]:
    project = locked(project, states=LISTED, doing=DOING)
    if finding is not None:
        finding = Finding.objects.select_for_update().filter(pk=finding.pk, project=project).first()
        if finding is None:
            raise errors.NotPossible("没有这条监督意见。")
    return project, finding


@transaction.atomic
def finding_open(*, project: Project, user: User, finding: FindingIn) -> Finding:
    """The bureau records its finding: its date (not after today, not before the project was
    applied for), its content, the rectification asked and by when (after the date, within a year)."""
    rules = policies.of(project)
    label = duty(project, finding.kind)["label"]
    if finding.kind not in user.role_set:
        raise errors.NotPermitted(
            NOT_YOURS.format(label=label, bureau=_bureau(finding.kind)), article=rules.oversight_article
        )
    project, _ = _locked(project)
    today = clock.today()
    if finding.issued_on > today:
        raise errors.InvalidInput("出具日期不能晚于今天。", field="issued_on")
    if finding.issued_on < project.form_date:
        raise errors.InvalidInput("出具日期不能早于项目申报。", field="issued_on")
    if finding.due_on is not None and not finding.issued_on < finding.due_on <= finding.issued_on + LONGEST:
        raise errors.InvalidInput("整改期限应在出具日期之后一年以内。", field="due_on")
    if not finding.content.strip():
        raise errors.InvalidInput("请填写意见内容。", field="content")
    opened = Finding.objects.create(
        project=project, kind=finding.kind, issued_on=finding.issued_on, reference=finding.reference.strip(),
        content=finding.content.strip(), rectification=finding.rectification.strip(), due_on=finding.due_on,
        opened_by=user,
    )  # fmt: skip
    noted(project, user, role=finding.kind, action="finding_open", label=f"出具{label}",
          inputs={"finding": opened.pk, "issued_on": finding.issued_on.isoformat(),
                  "due_on": finding.due_on.isoformat() if finding.due_on else None},
          article=rules.oversight_article)  # fmt: skip
    return opened


@transaction.atomic
def finding_answer(*, project: Project, user: User, finding: Finding, answer: str) -> Finding:
    """The project's unit answers an open finding: what it rectified, or why not."""
    require_unit(user, project.unit_id)
    project, finding = _locked(project, finding)
    if finding.state != Finding.State.OPEN:
        raise errors.NotPossible(
            "这条意见已答复，待监督部门审阅。" if finding.state == "answered" else "这条意见已办结。"
        )
    if not answer.strip():
        raise errors.InvalidInput("请填写整改答复。", field="answer")
    finding.answer, finding.answered_by, finding.answered_at = answer.strip(), user, clock.now()
    finding.state, finding.rounds = Finding.State.ANSWERED, finding.rounds + 1
    finding.save(update_fields=["answer", "answered_by", "answered_at", "state", "rounds"])
    label = duty(project, finding.kind)["label"]
    noted(project, user, role=Role.UNIT, action="finding_answer", label=f"答复{label}",
          inputs={"finding": finding.pk, "round": finding.rounds},
          article=policies.of(project).oversight_article)  # fmt: skip
    return finding


@transaction.atomic
def finding_close(*, project: Project, user: User, finding: Finding, accept: bool, note: str = "") -> Finding:
    """The bureau that opened the finding reads the answer: closes it (`accept`) or sends it back,
    saying why, to be answered again."""
    project, finding = _locked(project, finding)
    rules, label = policies.of(project), duty(project, finding.kind)["label"]
    if finding.kind not in user.role_set:
        raise errors.NotPermitted(
            NOT_YOURS.format(label=label, bureau=_bureau(finding.kind)), article=rules.oversight_article
        )
    if finding.state != Finding.State.ANSWERED:
        raise errors.NotPossible(
            "这条意见尚待项目单位答复。" if finding.state == "open" else "这条意见已办结。"
        )
    if not accept and not note.strip():
        raise errors.InvalidInput("退回时请写明原因。", field="note")
    finding.closing_note = note.strip()
    if accept:
        finding.state, finding.closed_by, finding.closed_at = Finding.State.CLOSED, user, clock.now()
    else:
        finding.state = Finding.State.OPEN
    finding.save(update_fields=["closing_note", "state", "closed_by", "closed_at"])
    noted(project, user, role=finding.kind, action="finding_close" if accept else "finding_return",
          label=f"{label}{'办结' if accept else '退回继续整改'}", inputs={"finding": finding.pk, "note": finding.closing_note},
          article=rules.oversight_article)  # fmt: skip
    return finding
