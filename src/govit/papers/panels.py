"""The project's 公文 page (R8.4): each decision that leaves as an official document, with its
文号 and whether it is signed. The office that issues a document previews it, takes its number,
downloads it and registers the signed scan; everyone who may see the project sees the signed ones."""

from dataclasses import dataclass
from typing import Any

from govit.accounts.models import User
from govit.papers import services
from govit.papers.compose import Subject, subjects_of
from govit.papers.forms import NumberForm, SignForm
from govit.papers.models import Paper, PaperKind
from govit.projects.models import Project


def anchor_of(kind: str, key: str) -> str:
    """A decision's row on the 公文 page: paper-<kind>-<record>-<pk>."""
    return f"paper-{kind}-{key.replace(':', '-')}"


@dataclass
class Row:
    subject: Subject
    paper: Paper | None
    issuer: bool  # this person is of the office that issues it
    number_form: NumberForm | None = None
    sign_form: SignForm | None = None

    @property
    def anchor(self) -> str:
        return anchor_of(self.subject.kind, self.subject.key)

    @property
    def kind_label(self) -> str:
        return PaperKind(self.subject.kind).label

    @property
    def may_number(self) -> bool:
        return self.issuer and self.paper is None

    @property
    def may_sign(self) -> bool:
        return self.issuer and self.paper is not None and not self.paper.is_signed

    @property
    def needs_deadline(self) -> bool:
        return self.subject.kind == PaperKind.RECTIFICATION_NOTICE


def paper_rows(user: User, project: Project) -> list[Row]:
    """The rows this person sees: an office's own documents at every step, others' once signed."""
    papers = {(p.kind, p.subject): p for p in Paper.objects.filter(project=project).select_related("scan")}
    rows = []
    for subject in subjects_of(project):
        paper = papers.get((subject.kind, subject.key))
        issuer = services.may_issue(user, subject.kind) and not project.is_classified
        if not issuer and (paper is None or not paper.is_signed):
            continue
        rows.append(Row(subject, paper, issuer))
    return rows


def papers_context(user: User, project: Project, bound: dict[str, Any]) -> dict[str, Any]:
    """The page's rows, each with the form its office may send now (the one refused, as it was sent)."""
    rows, failed = paper_rows(user, project), bound.get("paper_row")
    for row in rows:
        if row.may_number:
            row.number_form = (
                bound.get("number_form") if failed == row.anchor else NumberForm(auto_id=f"{row.anchor}-%s")
            )
        elif row.may_sign:
            row.sign_form = (
                bound.get("sign_form") if failed == row.anchor else SignForm(auto_id=f"{row.anchor}-%s")
            )
    return {"paper_rows": rows, "paper_failed": failed}
