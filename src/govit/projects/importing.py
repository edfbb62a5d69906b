"""The yearly list imported from Excel (R2.10): a district moving to GovIT brings its past lists.

`preview` reads the workbook (`projects.workbook`) and judges every row: 将导入, 已在 GovIT 中
(the same year, unit and name: importing the same workbook twice changes nothing), or 不导入 with
why (an unknown unit or one that does not apply, a bad amount or year, a category 第三条 does not
give that work and amount, a state a list cannot carry, the same project twice in the workbook).
`take` imports the rows to take: each project is recorded in the draft a unit's would start in,
with the event 从历史清单导入 naming the workbook, and then moved by the engine into the state its
row says (`engine.enter`: 已纳入清单 gets its list code as 纳入清单 gives it), never by writing a
state. A thousand rows a transaction; the caller's `progress` hears how far it is.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from govit import clock, policy
from govit.accounts.models import NOT_APPLICANTS, Organisation, User
from govit.accounts.roles import Role
from govit.projects import entering, errors, policies
from govit.projects.audit import record_events
from govit.projects.entering import NOT_RECORDED
from govit.projects.models import Category, Project, ProjectEvent, WorkType
from govit.projects.workbook import Sheet, WorkbookError, read, words
from govit.workflow import engine
from govit.workflow.entries import ENTRY_BY_CODE

TAKE, EXISTS, REFUSE = "take", "exists", "refuse"
OUTCOMES = {TAKE: "将导入", EXISTS: "已在 GovIT 中，不再导入", REFUSE: "不导入"}
# What a list's 状态 column says, and where the project enters (workflow.entries; "" the draft).
START_ENTRY = ""  # the row's project stays in the draft it is recorded in
STATES = {
    "申报中": START_ENTRY, "草稿": START_ENTRY, "待申报": START_ENTRY, "待审核": START_ENTRY,
    "已纳入清单": "import_listed", "纳入清单": "import_listed", "已列入清单": "import_listed",
    "列入清单": "import_listed", "已入库": "import_listed", "清单内": "import_listed",
    "未通过": "import_rejected", "不予通过": "import_rejected", "审核未通过": "import_rejected",
    "已撤回": "import_withdrawn", "撤回": "import_withdrawn",
    # Past the scheme phase (第十三条 to 第二十五条): the row brings what makes the state true.
    "已批复": "import_approved", "已立项": "import_approved", "待采购实施": "import_approved",
    "前期审批完成": "import_approved", "前期审批完成，待采购实施": "import_approved", "待采购": "import_approved",
    "建设实施": "import_construction", "建设中": "import_construction", "在建": "import_construction",
    "实施中": "import_construction", "建设实施中": "import_construction",
    "已交付使用": "import_delivered", "已交付": "import_delivered", "已建成": "import_delivered",
    "已验收": "import_delivered", "已终验": "import_delivered", "已交付使用（已建项目库）": "import_delivered",
    "已停用": "import_retired", "停用": "import_retired", "已下线": "import_retired",
    "运维服务中": "import_om_service", "运维中": "import_om_service",
    "运维服务期满": "import_om_closed", "运维期满": "import_om_closed",
}  # fmt: skip
LATER = ("“{state}”的项目须补录其初验、试运行等记录，不能只凭清单导入：请按“建设实施”导入后在 GovIT "
         "中逐项登记。")  # fmt: skip
NO_SUCH_STATE = "按第三条，{category}项目的流程中没有“{state}”。"
WORK_TYPES = {label: code for code, label in WorkType.choices} | {
    "新建项目": WorkType.NEW,
    "续建项目": WorkType.CONTINUATION,
}
CATEGORY_WORK = {Category.CONSTRUCTION: WorkType.NEW, Category.SERVICE: WorkType.SERVICE_PURCHASE,
                 Category.OM: WorkType.MAINTENANCE}  # fmt: skip
CATEGORIES = {label: code for code, label in Category.choices} | {
    label.removesuffix("类"): code for code, label in Category.choices
}
CHUNK = 1_000


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    outcome: str = TAKE
    reason: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome]

    @property
    def shown(self) -> dict[str, str]:
        return {name: self.text(name) for name in ("name", "unit", "category", "amount", "year", "state")}

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class Preview:
    digest: str  # SHA-256 of the workbook: the batch's name, and what `take` must be given again
    rows: list[Row]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}


def _local(name: str) -> str:
    """A district body's name without the city and district before it (重庆市渝中区教育委员会 → 教育委员会)."""
    return name.removeprefix("重庆市").removeprefix("渝中区")


def _refuse(row: Row, reason: str) -> None:
    row.outcome, row.reason = REFUSE, reason


def _amount(value: Any, in_yuan: bool) -> Decimal:
    """A cell's amount, read by the one amount parser in the header's unit (万元 unless it says 元)."""
    return policy.parse_amount(str(value if value is not None else "").strip() + ("" if in_yuan else "万"))


def _year(value: Any) -> int | None:
    try:
        year = int(Decimal(str(value).strip().removesuffix("年")))
    except (InvalidOperation, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def _judge(row: Row, sheet: Sheet, units: dict[str, Organisation]) -> None:
    name = row.text("name")
    if not name:
        return _refuse(row, "未填项目名称。")
    unit = units.get(words(row.text("unit"))) or units.get(words(_local(row.text("unit"))))
    if unit is None:
        return _refuse(
            row, f"未知的申报单位“{row.text('unit')}”：请先在系统中登记该单位，或改用其登记的名称。"
        )
    if unit.kind in NOT_APPLICANTS:
        return _refuse(row, f"{unit.name}不是项目单位（第二条、第八条）。")
    try:
        amount = _amount(row.values.get("amount"), sheet.amount_in_yuan)
    except policy.AmountError:
        unit_word = "元" if sheet.amount_in_yuan else "万元"
        return _refuse(row, f"投资估算“{row.text('amount')}”无效：应为{unit_word}数，如 820 或 120.5。")
    if amount <= 0:
        return _refuse(row, "投资估算应大于零。")
    year = _year(row.values.get("year"))
    if year is None:
        return _refuse(row, f"年度“{row.text('year')}”无效。")
    state = words(row.text("state"))
    if state not in STATES:
        return _refuse(row, LATER.format(state=row.text("state")) if state else "未填项目状态。")
    category = CATEGORIES.get(words(row.text("category")))
    if row.text("category") and category is None:
        return _refuse(row, f"项目类别“{row.text('category')}”无效：应为建设类、购买服务类或运维类。")
    work = WORK_TYPES.get(words(row.text("work_type"))) or CATEGORY_WORK.get(category, WorkType.NEW)
    rules = policies.in_force(date(year - 1, 10, 1))  # the version the list was made under
    found = policy.classify(work=work, amount=amount, changes_function=False, policy=rules).category
    if category and category != found:
        wan = policy.format_wan(amount)
        return _refuse(row, f"按第三条，{WorkType(work).label}、{wan}万元的项目属{Category(found).label}，"
                            f"与所填“{row.text('category')}”不符。")  # fmt: skip
    code, records = STATES[state], {}
    if code != START_ENTRY:
        if code == "import_approved" and found == Category.OM:
            code = "import_om_approved"  # an O&M project's approval is its budget
        entry = ENTRY_BY_CODE[code]
        if found not in entry.categories:
            return _refuse(row, NO_SUCH_STATE.format(category=Category(found).label, state=row.text("state")))
        try:
            records = entering.records(row.values, entry, year=year, in_yuan=sheet.in_yuan)
        except ValueError as error:
            return _refuse(row, str(error))
    row.facts = {"name": name[:200], "unit": unit, "amount": amount, "year": year, "work_type": work,
                 "entry": code, "records": records, "policy": rules, "category": found}  # fmt: skip


def preview(content: bytes) -> Preview:
    """Every row of the workbook judged, nothing written (a few queries, whatever the rows)."""
    sheet = read(content)
    units: dict[str, Organisation] = {}
    for unit in Organisation.objects.filter(is_active=True):
        for known in (unit.name, unit.short_name, _local(unit.name)):
            if known:
                units.setdefault(words(known), unit)
    rows = [Row(number, values) for number, values in sheet.rows]
    seen: dict[tuple, int] = {}
    for row in rows:
        _judge(row, sheet, units)
        if row.outcome != TAKE:
            continue
        key = (row.facts["year"], row.facts["unit"].pk, words(row.facts["name"]))
        if key in seen:
            _refuse(row, f"与第 {seen[key]} 行是同一项目（年度、单位和名称相同）。")
        seen.setdefault(key, row.number)
    years = {row.facts["year"] for row in rows if row.outcome == TAKE}
    existing = {
        (year, unit, words(name))
        for year, unit, name in Project.objects.filter(year__in=years).values_list("year", "unit_id", "name")
    }
    for row in rows:
        if (
            row.outcome == TAKE
            and (row.facts["year"], row.facts["unit"].pk, words(row.facts["name"])) in existing
        ):
            row.outcome = EXISTS
    return Preview(digest=hashlib.sha256(content).hexdigest(), rows=rows)


def keep(content: bytes) -> str:
    """Keep an uploaded workbook between its preview and its import (by its SHA-256)."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"imports/{digest}.xlsx"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return digest


def kept(digest: str) -> bytes:
    if not re.fullmatch(r"[0-9a-f]{64}", digest or "") or not default_storage.exists(
        f"imports/{digest}.xlsx"
    ):
        raise errors.InvalidInput("找不到要导入的工作簿，请重新上传。", field="file")
    with default_storage.open(f"imports/{digest}.xlsx", "rb") as file:
        return file.read()


def summary(result: dict[str, int]) -> str:
    return (f"导入完成：导入 {result['taken']:,} 个项目；已在 GovIT 中 {result['exists']:,} 个；"
            f"不导入 {result['refused']:,} 行。")  # fmt: skip


def _project(row: Row, user: User) -> Project:
    facts = row.facts
    project = Project(
        unit=facts["unit"], name=facts["name"], year=facts["year"], amount=facts["amount"],
        work_type=facts["work_type"], category=facts["category"], policy_id=facts["policy"].id,
        funding_source=(row.text("funding_source") or NOT_RECORDED)[:200], summary=row.text("summary"),
        form_date=clock.today(), created_by=user, state_since=clock.now(),
    )  # fmt: skip
    project.path = policy.route(
        category=project.category, amount=project.amount, new=project.work_type == WorkType.NEW,
        civil_works=False, high_energy=False, needs_procurement=False, policy=facts["policy"],
    ).path  # fmt: skip
    return project


Progress = Callable[[int, int, str], None]


def take(*, user: User, content: bytes, file_name: str, progress: Progress | None = None) -> dict[str, int]:
    """Import the rows `preview` would take (judged again now: a row taken meanwhile is skipped).

    A thousand rows a transaction, in bulk: the projects written in one statement (their row is
    the event 从历史清单导入 below, sealed in the audit log, not a record change of its own), their
    events in one, and the engine's `enter_many` moving those whose row says more than 申报中."""
    if Role.BDB not in user.role_set:
        raise errors.NotPermitted("只有区大数据发展局可以导入历史清单。")
    try:
        judged = preview(content)
    except WorkbookError as error:
        raise errors.InvalidInput(str(error), field="file") from None
    rows = [row for row in judged.rows if row.outcome == TAKE]
    batch = {"batch": judged.digest[:16], "file": file_name[:100]}
    label = f"从历史清单导入：{batch['file']}"
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        with transaction.atomic():
            projects = Project.objects.bulk_create([_project(row, user) for row in chunk], batch_size=500)
            record_events([
                ProjectEvent(project=project, action="import", label=label, from_state=project.state,
                             to_state=project.state, actor=user, role=Role.BDB, inputs={**batch, "row": row.number},
                             article=9, policy_id=project.policy_id)
                for project, row in zip(projects, chunk, strict=True)
            ])  # fmt: skip
            entries = [
                (project, row.facts["entry"], {**batch, "row": row.number, **row.facts["records"]})
                for project, row in zip(projects, chunk, strict=True)
                if row.facts["entry"] != START_ENTRY
            ]
            if entries:
                engine.enter_many(user=user, entries=entries)
        if progress:
            done = start + len(chunk)
            progress(done, len(rows), f"已导入 {done:,} / {len(rows):,} 个项目")
    return {"taken": len(rows), "exists": judged.count(EXISTS), "refused": judged.count(REFUSE)}
