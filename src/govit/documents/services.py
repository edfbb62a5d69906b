"""Uploading a project's documents (R3.10): what kind of file, how large, by whom."""

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.documents import outline as reader
from govit.documents import sniff
from govit.documents.models import Document, DocumentKind, OutlineCheck
from govit.policy.outline import chapter_lines, compare, om_budget_in, outline_for
from govit.projects import errors, policies
from govit.projects.audit import record_event
from govit.projects.models import Project
from govit.projects.models.project import engaging
from govit.workflow.lifecycle import STATE_BY_CODE

ALLOWED_EXTENSIONS = set(sniff.BY_EXTENSION)


MAX_UPLOAD_BYTES = 50 * 1024 * 1024


BAD_EXTENSION = "不支持的文件类型：{name}。支持 PDF、OFD、Word、WPS、Excel、图片和 ZIP。"


TOO_LARGE = "文件超过 50 MB：{name}。"


EMPTY_FILE = "文件为空：{name}。"


def uploader_role(user: User, project: Project) -> str:
    if user.organisation_id == project.unit_id and user.role_set & {Role.UNIT, Role.UNIT_LEADER}:
        return Role.UNIT
    if (
        Role.AGENCY in user.role_set
        and user.organisation_id
        and (
            project.preparer_id == user.organisation_id
            or Project.objects.filter(engaging(user.organisation_id), pk=project.pk).exists()
        )
    ):
        return Role.AGENCY  # the project's preparer, or a third party it engaged (R0.1)
    for role in (Role.BDB, Role.LG_OFFICE, Role.DRC):
        if role in user.role_set:
            return role
    raise errors.NotPermitted("您不能向该项目上传文件。")


@transaction.atomic
def document_upload(
    *, project: Project, user: User, kind: str, upload: UploadedFile, official: bool = False
) -> Document:
    """Store a new version of a document of `kind`, hashed, after checking its type and size (R3.10).

    The type is read from the content (govit.documents.sniff) and must match the extension; that
    type, not the uploader's, is stored and served. An official document's scan comes only through
    its paper (`official`, govit.papers.services.sign)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors.refuse_if_classified(project, field="file")  # 第二十七条: no upload at all
    role = uploader_role(user, project)
    if STATE_BY_CODE[project.state].final:
        raise errors.NotPossible("项目已办结，不能再上传文件。")
    if kind not in DocumentKind.values or (kind == DocumentKind.OFFICIAL and not official):
        raise errors.InvalidInput("请选择文件类型。", field="kind")
    name = upload.name or "file"
    if sniff.extension_of(name) not in ALLOWED_EXTENSIONS:
        raise errors.InvalidInput(BAD_EXTENSION.format(name=name), field="file")
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise errors.InvalidInput(TOO_LARGE.format(name=name), field="file")
    if upload.size == 0:
        raise errors.InvalidInput(EMPTY_FILE.format(name=name), field="file")
    try:  # the content must be what the extension says; the browser's content type is not asked
        file_type = sniff.determine(name, upload.file)
    except sniff.ContentMismatch as mismatch:
        raise errors.InvalidInput(str(mismatch), field="file") from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    version = Document.objects.filter(project=project, kind=kind).count() + 1
    document = Document(
        project=project, kind=kind, version=version, original_name=sniff.safe_filename(name)[:200],
        content_type=file_type.content_type, size=upload.size,
        sha256=digest.hexdigest(), state=project.state, uploaded_by=user, uploaded_as=role,
    )  # fmt: skip
    document.file.save(document.sha256, upload, save=False)
    document.save()
    inputs = {"document": document.pk, "kind": kind, "version": version, "sha256": document.sha256}
    if file_type == sniff.DOCX and (check := _outline_check(document, upload)) is not None:
        inputs["outline_ok"] = check.ok
    record_event(
        project=project, actor=user, role=role, action="upload", label=f"上传{document.get_kind_display()}",
        from_state=project.state, to_state=project.state, inputs=inputs,
    )  # fmt: skip
    return document


def _outline_check(document: Document, upload: UploadedFile) -> OutlineCheck | None:
    """R9.3: a .docx proposal, FSR or design read and compared with its outline (附件2 / 附件3) of
    the project's version; chapter 12's five-year O&M budget kept with it (R5.5). Steps:
    1. the outline the kind follows, if any; 2. the headings and text read in order (an unreadable
    file is kept as such, and counts as not following the outline); 3. the comparison; 4. the
    budget from the chapter the outline names."""
    rules = policies.of(document.project)
    outline = outline_for(rules.outlines, document.kind)
    if outline is None:
        return None
    check = OutlineCheck(
        project=document.project, document=document, outline=outline.code, policy_id=rules.id
    )
    upload.seek(0)
    try:
        lines = reader.read_lines(upload.file)
    except reader.Unreadable:
        check.readable = False
        check.save()
        return check
    finally:
        upload.seek(0)
    found = compare(outline, lines)
    check.missing = [c.heading for c in found.missing]
    check.misordered = [c.heading for c in found.misordered]
    check.sections_missing = [
        [c.heading, [s.heading for s in sections]] for c, sections in found.sections_missing
    ]
    check.headings = [[line.level, line.text[:200]] for line in found.headings]
    if outline.om_budget:
        check.om_budget = om_budget_in(chapter_lines(found, lines, outline.om_budget[0]))
    check.save()
    return check
