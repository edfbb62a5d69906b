"""Classified projects (第二十七条, R6.1, R6.2): the BDB records the secrecy authority's approval, and
from then on GovIT — a non-classified system — keeps only the project's registration data.

`project_classify` does it in one transaction:
1. the BDB's person, the project they may see, the approval (reference, a date not in the future)
   and the BDB officers designated for it, each checked;
2. every free text on the project's records is emptied, and each uploaded document deleted, with
   its file once the transaction commits; a reminder that names the project is deleted too (the
   next `govit manage remind` writes it again, to the people cleared for it, under the new name);
3. the project's row: the approval, the time, its registered name (涉密项目 and its list code) and
   its form's free text emptied, in one UPDATE the database's CHECK constraint holds it to;
4. one event on the project's trail (第二十七条) naming what was removed — fields, never values.

The audit chain is never edited. The project's earlier events stay as they were sealed (their
inputs may hold a comment typed before the classification); the pages and the API show a
classified project's events with their text replaced (`ProjectEvent.shown_inputs`), and the audit
administrator's log withholds the project's events (`audit.selectors.events_visible_to`), so the
log keeps verifying. The rows are emptied with queryset updates, which send no signal: the generic
capture (audit/receivers.py) would otherwise copy every removed text into a new event's "before".
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.projects import errors
from govit.projects.audit import record_event
from govit.projects.models import ApplicationVersion, Project, ProjectRecord
from govit.projects.models.project import CLASSIFIED_BLANK_FIELDS, CLASSIFIED_NAME
from govit.similar import index as similar_index

NOT_BDB = "涉密项目由区大数据发展局根据保密主管部门的批准登记（第二十七条）。"
REF_REQUIRED = "请填写保密主管部门的批准文号（第二十七条：定性为涉密政务信息化项目须经保密主管部门批准）。"
REF_TOO_LONG = "批准文号不超过100个字。"
DATE_REQUIRED = "请填写保密主管部门的批准日期。"
DATE_IN_FUTURE = "批准日期 {day} 晚于今天，不能登记尚未作出的批准。"
DATE_TOO_EARLY = "批准日期 {day} 早于 1950-01-01，请核对。"
OFFICERS_REQUIRED = "请指定至少一名区大数据发展局经办人。"
NOT_AN_OFFICER = "{name} 不是区大数据发展局的在职人员，不能被指定为涉密项目经办人。"
EARLIEST = date(1950, 1, 1)
# What stands in a field a constraint wants filled (the legal basis of not sharing, 第二十条).
REMOVED = "（涉密项目，内容已移除）"

# Short text on a record that is the record's description rather than its code, number or kind;
# every TextField of every record counts as free text without being named here.
FREE_CHARFIELDS: dict[str, tuple[str, ...]] = {
    "approvals.leadinggroupdecision": ("meeting",),
    "construction.procurement": ("subject",),
    "construction.contract": ("title",),
    "construction.contractitem": ("name", "specification", "acceptance_terms"),
    "construction.baselineitem": ("name", "specification", "acceptance_terms"),
    "acceptance.accepteditem": ("name", "specification", "acceptance_terms"),
    "funds.disbursement": ("purpose",),
    "operation.sharingrecord": ("purpose",),
    "operation.omcost": ("note",),
}
# Records a classified project keeps under its registered name, not emptied: the library's entry.
RENAMED = {"acceptance.builtsystem": "name"}
# Records left alone: the chained trail; the versions and documents are handled on their own.
UNTOUCHED = frozenset({"projects.projectevent", "projects.applicationversion", "documents.document"})
# What a submitted version keeps: the registration data (R6.2).
KEPT_IN_VERSIONS = ("category", "year", "work_type", "form_date")


def registered_name(project: Project) -> str:
    """The name a classified project is known by in GovIT: 涉密项目 and its list code (or number)."""
    return f"{CLASSIFIED_NAME}（{project.list_code or f'编号{project.pk}'}）"


def free_text_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of `model` a classified project's record may not hold (第二十七条)."""
    label = model._meta.label_lower
    texts = [f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)]
    return (*texts, *FREE_CHARFIELDS.get(label, ()))


def project_records() -> Iterable[type[ProjectRecord]]:
    """Every kind of record kept on a project's way, whichever room it is in."""
    for model in apps.get_models():
        if issubclass(model, ProjectRecord) and model._meta.label_lower not in UNTOUCHED:
            yield model


def _check(project: Project, by: User, ref: str, on: date | None, officers: list[User]) -> str:
    if Role.BDB not in by.role_set:
        raise errors.NotPermitted(NOT_BDB)
    ref = (ref or "").strip()
    if not ref:
        raise errors.InvalidInput(REF_REQUIRED, field="secrecy_ref", article=27)
    if len(ref) > 100:
        raise errors.InvalidInput(REF_TOO_LONG, field="secrecy_ref")
    if on is None:
        raise errors.InvalidInput(DATE_REQUIRED, field="secrecy_on", article=27)
    if on > clock.today():
        raise errors.InvalidInput(DATE_IN_FUTURE.format(day=on.isoformat()), field="secrecy_on", article=27)
    if on < EARLIEST:
        raise errors.InvalidInput(DATE_TOO_EARLY.format(day=on.isoformat()), field="secrecy_on")
    if not officers:
        raise errors.InvalidInput(OFFICERS_REQUIRED, field="officers", article=27)
    for officer in officers:
        if not (officer.is_active and Role.BDB in officer.role_set):
            raise errors.InvalidInput(NOT_AN_OFFICER.format(name=officer.name), field="officers")
    return ref


def _constrained(model: type[models.Model]) -> set[str]:
    """The fields a constraint of `model` names: a unique name, a legal basis a CHECK requires."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            names.add(node[0].split("__")[0])

    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
        walk(getattr(constraint, "condition", None))
    return names


def _emptied(model: type[models.Model], fields: tuple[str, ...]) -> dict[str, Any]:
    """Each field's new value: empty, or — where a constraint wants it filled or unique — a mark of
    its removal numbered by the row (an item's name stays unique, a basis stays given)."""
    constrained = _constrained(model)
    mark = Concat(Value(f"{REMOVED}#"), Cast("pk", output_field=models.CharField()))
    return {name: mark if name in constrained else Value("") for name in fields}


def _empty_records(project: Project) -> dict[str, list[str]]:
    """Step 2: every record's free text emptied; what was emptied, by model (fields, not values)."""
    removed: dict[str, list[str]] = defaultdict(list)
    for model in project_records():
        rows = model._base_manager.filter(**{model.project_path: project})
        label = model._meta.label_lower
        fields = free_text_fields(model)
        if fields:
            filled = [
                f for f in fields if rows.exclude(**{f: ""}).exclude(**{f"{f}__startswith": REMOVED}).exists()
            ]
            if filled:
                removed[label] = filled
                rows.update(**_emptied(model, fields))
        if label in RENAMED:
            rows.update(**{RENAMED[label]: registered_name(project)})
    versions = ApplicationVersion.objects.filter(project=project)
    for version in versions:
        kept = {key: version.data.get(key) for key in KEPT_IN_VERSIONS if key in version.data}
        if kept != version.data:
            versions.filter(pk=version.pk).update(data=kept)
            removed["projects.applicationversion"] = ["data"]
    return dict(removed)


def _delete_documents(project: Project) -> int:
    """Step 2: the project's uploaded documents deleted, their files once the deletion commits.
    The records that cite one (an approval, a contract) let go of it first; the name is emptied
    before the row goes, so the deletion's audit event does not keep it."""
    Document = apps.get_model("documents", "Document")
    documents = Document.objects.filter(project=project)
    ids = list(documents.values_list("pk", flat=True))
    if not ids:
        return 0
    for label in ("approvals.approval", "construction.contract"):
        apps.get_model(label).objects.filter(document_id__in=ids).update(document=None)
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    documents.update(original_name="")
    for document in Document.objects.filter(pk__in=ids):
        document.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files if storage.exists(name)])
    return len(ids)


def _delete_reminders(project: Project) -> int:
    Reminder = apps.get_model("reminders", "Reminder")
    reminders = Reminder.objects.filter(project=project)
    reminders.update(title=CLASSIFIED_NAME, body="")
    count = 0
    for reminder in reminders:
        reminder.delete()
        count += 1
    return count


@transaction.atomic
def project_classify(
    *, project: Project, by: User, ref: str, on: date | None, officers: list[User]
) -> Project:
    """第二十七条: record the secrecy authority's approval of `project`; see the module's steps."""
    visible = Project.objects.visible_to(by).select_for_update()
    project = visible.filter(pk=project.pk).first() or _not_visible()
    ref = _check(project, by, ref, on, officers)
    again = project.is_classified
    removed = _empty_records(project)
    documents = _delete_documents(project)
    reminders = _delete_reminders(project)
    emptied = [name for name in CLASSIFIED_BLANK_FIELDS if getattr(project, name)]
    Project.objects.filter(pk=project.pk).update(
        secrecy_ref=ref, secrecy_on=on, classified_at=project.classified_at or clock.now(),
        name=registered_name(project), **dict.fromkeys(CLASSIFIED_BLANK_FIELDS, ""),
    )  # fmt: skip
    project.secrecy_officers.set(officers)
    similar_index.forget(project)  # nothing of its description stays in the duplicate check's index
    if emptied:
        removed["projects.project"] = ["name", *emptied]
    project.refresh_from_db()
    record_event(
        project=project, actor=by, role=Role.BDB, action="classify",
        label="更新涉密项目登记" if again else "登记为涉密项目",
        from_state=project.state, to_state=project.state, article=27,
        inputs={
            "secrecy_ref": ref, "secrecy_on": on.isoformat(), "officers": sorted(o.pk for o in officers),
            "removed": removed, "documents_removed": documents, "reminders_removed": reminders,
        },
    )  # fmt: skip
    return project


def _not_visible() -> Project:
    raise errors.NotVisible("项目不存在或您无权查看。")


def may_classify(user: User, project: Project) -> bool:
    """Whether the page offers `user` the classification form: the BDB, for a project it sees."""
    return Role.BDB in user.role_set and project.submitted_at is not None
