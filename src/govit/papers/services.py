"""Issuing a project's official documents (R8.4): taking the 文号, writing the document from its
decision, and tying the signed, stamped scan back to it. Each write is one transaction with its
project event (and so its audit entry); a refusal says why and changes nothing."""

import json
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from govit import clock
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import audit_project_export
from govit.documents import services as documents_services
from govit.documents.models import DocumentKind
from govit.papers import compose
from govit.papers.layout import docx_of
from govit.papers.models import DEFAULT_PREFIXES, NumberSequence, Paper, PaperKind
from govit.projects import errors
from govit.projects.audit import record_event, sm3_hex
from govit.projects.models import Project

OFFICE_ROLES = {compose.BDB: Role.BDB, compose.DRC: Role.DRC}
OFFICE_NAMES = {compose.BDB: "区大数据发展局", compose.DRC: "区发展改革委"}
NO_SUCH_DECISION = "该项目没有这一决定，或它尚不能出具公文。"
NOT_THE_OFFICE = "只有{office}可以出具该公文。"
DEADLINE_NEEDED = "请填写整改期限。"
DEADLINE_AFTER = "整改期限应在审查日期（{on}）之后的一年之内。"
DEADLINE_WITHIN_DAYS = 365
ALREADY_SIGNED = "该公文已登记签发，不能再次登记。"
NOT_NUMBERED = "请先取号，再登记签发。"


def office_of(kind: str) -> str:
    return compose.DRC if kind == PaperKind.APPROVAL else compose.BDB


def issuing_office(office: str) -> Organisation:
    return Organisation.objects.get(office=office)


def may_issue(user: User, kind: str) -> bool:
    return OFFICE_ROLES[office_of(kind)] in user.role_set


def _refuse_unless_office(user: User, kind: str) -> None:
    if not may_issue(user, kind):
        raise errors.NotPermitted(NOT_THE_OFFICE.format(office=OFFICE_NAMES[office_of(kind)]))


def subject_of(project: Project, kind: str, key: str) -> compose.Subject:
    for subject in compose.subjects_of(project):
        if subject.kind == kind and subject.key == key:
            return subject
    raise errors.NotPossible(NO_SUCH_DECISION)


def latest_subject(project: Project, kind: str) -> compose.Subject:
    """The newest decision of `kind` (for the command line, which names a kind, not a decision)."""
    found = [s for s in compose.subjects_of(project) if s.kind == kind]
    if not found:
        raise errors.NotPossible(NO_SUCH_DECISION)
    return found[-1]


def _next_serial(office: Organisation, year: int) -> tuple[int, str]:
    """The office's next number of `year`, taken under the sequence's row lock: never given twice."""
    sequences = NumberSequence.objects.select_for_update()
    sequence = sequences.filter(office=office, year=year).first()
    if sequence is None:
        earlier = NumberSequence.objects.filter(office=office).order_by("-year").first()
        prefix = earlier.prefix if earlier else DEFAULT_PREFIXES.get(office.office, office.display_name)
        try:
            with transaction.atomic():
                NumberSequence.objects.create(office=office, year=year, prefix=prefix)
        except IntegrityError:  # another request began the year at the same moment
            pass
        sequence = sequences.get(office=office, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, sequence.number(sequence.last)


def _contact(user: User) -> str:
    return f"{user.name}，联系电话：{user.phone}" if user.phone else user.name


def _content(project: Project, paper: Paper, subject: compose.Subject) -> tuple[Any, str]:
    """What `paper` says now, from its decision's record, and the SM3 digest of that text."""
    organ = Organisation.objects.only("name").get(pk=paper.office_id).name
    content = compose.paper_of(project, subject, organ=organ, number=paper.number,
                               contact=_contact(paper.numbered_by), deadline=paper.deadline)  # fmt: skip
    return content, sm3_hex(
        json.dumps(asdict(content), ensure_ascii=False, default=str, sort_keys=True).encode()
    )


def changed_since(*, project: Project, paper: Paper, subject: compose.Subject) -> bool:
    """Whether the decision's record says something else now than when `paper` was last written
    (once signed: than the text it was signed on). Nothing is written."""
    return _content(project, paper, subject)[1] != paper.digest


def _written(project: Project, paper: Paper, subject: compose.Subject) -> bytes:
    content, digest = _content(project, paper, subject)
    if digest != paper.digest:  # the record changed since it was last written: it is written anew
        Paper.objects.filter(pk=paper.pk).update(digest=digest)
        paper.digest = digest
    return docx_of(content)


@transaction.atomic
def take_number(*, user: User, project: Project, kind: str, key: str, deadline: date | None = None) -> Paper:
    """The office takes the next 文号 of the decision's year for the document of the decision
    `key` (an approval keeps the 文号 the DRC recorded with it). Taking it again gives the same."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project)  # 第二十七条: its documents are kept by the secrecy rules, not here
    _refuse_unless_office(user, kind)
    subject = subject_of(project, kind, key)
    if existing := Paper.objects.filter(kind=kind, subject=key).first():
        return existing
    if kind == PaperKind.RECTIFICATION_NOTICE:
        if deadline is None:
            raise errors.InvalidInput(DEADLINE_NEEDED, field="deadline")
        if not subject.on < deadline <= subject.on + timedelta(days=DEADLINE_WITHIN_DAYS):
            raise errors.InvalidInput(DEADLINE_AFTER.format(on=subject.on), field="deadline")
    office = issuing_office(subject.office)
    serial, number = (None, subject.number) if subject.number else _next_serial(office, subject.on.year)
    paper = Paper.objects.create(
        project=project, kind=kind, subject=key, office=office, year=subject.on.year, serial=serial,
        number=number, deadline=deadline if kind == PaperKind.RECTIFICATION_NOTICE else None, numbered_by=user,
    )  # fmt: skip
    _written(project, paper, subject)
    record_event(
        project=project, actor=user, role=OFFICE_ROLES[subject.office], action="paper_numbered",
        label=f"{paper.get_kind_display()}取号：{number}", from_state=project.state, to_state=project.state,
        inputs={"paper": paper.pk, "kind": kind, "subject": key, "number": number,
                **({"deadline": deadline.isoformat()} if paper.deadline else {})},
    )  # fmt: skip
    return paper


def preview_bytes(*, user: User, project: Project, kind: str, key: str) -> bytes:
    """The document of a decision before its number is taken: the 文号 left blank (〔2026〕　号),
    for the office to read before it numbers and signs it."""
    _refuse_unless_office(user, kind)
    errors.refuse_if_classified(project)
    subject = subject_of(project, kind, key)
    office = issuing_office(subject.office)
    year = subject.on.year
    sequence = NumberSequence.objects.filter(office=office, year__lte=year).order_by("-year").first()
    prefix = sequence.prefix if sequence else DEFAULT_PREFIXES.get(office.office, office.display_name)
    number = subject.number or f"{prefix}〔{year}〕\u3000号"
    return docx_of(
        compose.paper_of(project, subject, organ=office.name, number=number, contact=_contact(user))
    )


def document_bytes(*, project: Project, paper: Paper) -> bytes:
    """The .docx of `paper`: as signed once it is, else written from its decision as it is now."""
    if paper.signed:
        with paper.signed.open("rb") as signed:
            return signed.read()
    return _written(project, paper, subject_of(project, paper.kind, paper.subject))


def paper_download(*, user: User, project: Project, kind: str, key: str) -> tuple[bytes, str]:
    """The .docx the 公文 page offers and its file name, audited as an export on the project: the
    numbered one (as signed, once it is), or the preview before the number is taken. Only the
    issuing office sees a document before it is signed; for anyone else, for a decision the
    project does not have and for a classified project it is NotVisible, as if it did not exist."""
    paper = Paper.objects.filter(project=project, kind=kind, subject=key).first()
    if not may_issue(user, kind) and (paper is None or not paper.is_signed):
        raise errors.NotVisible(NO_SUCH_DECISION)
    try:
        if paper is None:
            content, number = preview_bytes(user=user, project=project, kind=kind, key=key), "预览"
        else:
            content, number = document_bytes(project=project, paper=paper), paper.number
    except errors.ActionError as error:  # no such decision, or a classified project
        raise errors.NotVisible(error.detail, article=error.article) from None
    filename = f"{project.name}-{PaperKind(kind).label}-{number}.docx"
    audit_project_export(user=user, project=project, label=f"导出公文：{filename}", filename=filename)
    return content, filename


@transaction.atomic
def sign(*, user: User, project: Project, paper: Paper, upload: UploadedFile) -> Paper:
    """The signed, stamped scan comes back: it is kept as the project's 正式公文 document, and the
    text it was signed on is frozen beside it."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project, field="file")
    _refuse_unless_office(user, paper.kind)
    paper = Paper.objects.select_for_update().get(pk=paper.pk, project=project)
    if paper.is_signed:
        raise errors.NotPossible(ALREADY_SIGNED)
    text = document_bytes(project=project, paper=paper)
    scan = documents_services.document_upload(
        project=project, user=user, kind=DocumentKind.OFFICIAL, upload=upload, official=True
    )
    paper.signed.save(f"{paper.pk}-{paper.digest[:16]}.docx", ContentFile(text), save=False)
    paper.scan, paper.signed_by, paper.signed_at = scan, user, clock.now()
    paper.save(update_fields=["signed", "scan", "signed_by", "signed_at"])
    record_event(
        project=project, actor=user, role=OFFICE_ROLES[office_of(paper.kind)], action="paper_signed",
        label=f"{paper.get_kind_display()}签发：{paper.number}", from_state=project.state, to_state=project.state,
        inputs={"paper": paper.pk, "number": paper.number, "document": scan.pk, "sha256": scan.sha256,
                "digest": paper.digest},
    )  # fmt: skip
    return paper
