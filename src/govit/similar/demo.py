"""The demo district's past projects (data/demo.toml): a realistic body of 2019–2025 systems for the
duplicate check to find, most delivered and in the library of built systems, some retired, some
O&M terms, and among them the current demo applications' twins in other words.

Loaded as a district's earlier lists are imported (R2.10): recorded by the BDB in bulk with their
import event, then moved by the engine (`engine.enter_many`) into their states, the engine writing
what makes each true (the system in the library, retired with why and where its data went), all at
a moment before the demo's own projects begin, then indexed. Loading twice changes nothing."""

import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from govit import clock, policy
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.projects import policies
from govit.projects.audit import record_events
from govit.projects.models import Project, ProjectEvent, WorkType
from govit.similar import index
from govit.workflow import engine

DATA = Path(__file__).resolve().parent / "data" / "demo.toml"
# Recorded a little before the demo's first application (projects.demo.STARTS).
MOMENT = datetime(2025, 8, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LABEL = "从历史清单导入：演示区2019—2025年度项目清单"
# Why each was built, as units wrote it then (a few reasons every district's applications give).
REASONS = (
    "落实《重庆市渝中区新型智慧城市建设规划》，改变业务靠纸质台账、电话和表格报送的状况。",
    "按照数字渝中建设部署和市级主管部门要求，解决数据分散、群众和基层重复填报的问题。",
    "原有手段无法满足业务量增长和监管要求，需要信息化支撑，推动数据共享复用。",
    "落实一网通办和“放管服”改革要求，让群众和企业少跑腿。",
)
RETIRED = {"retire_reason": "功能已并入区级统一平台", "data_destination": "数据已迁移至区大数据资源中心"}


def rows() -> list[dict[str, Any]]:
    with DATA.open("rb") as file:
        return tomllib.load(file)["past"]


def _project(row: dict[str, Any], unit: Organisation, bdb: User) -> Project:
    rules = policies.in_force(date(row["y"] - 1, 10, 1))  # the version its list was made under
    amount, upgrade = policy.parse_amount(row["a"]), row["w"] == WorkType.UPGRADE
    category = policy.classify(work=row["w"], amount=amount, changes_function=upgrade, policy=rules).category
    path = policy.route(category=category, amount=amount, new=row["w"] == WorkType.NEW, policy=rules).path
    return Project(
        unit=unit, name=row["n"], year=row["y"], amount=amount, work_type=row["w"], category=category,
        changes_function=upgrade, policy_id=rules.id, path=path, funding_source="区级财政资金",
        summary=row["t"], reason=REASONS[len(row["n"]) % len(REASONS)], form_date=date(row["y"] - 1, 9, 1), created_by=bdb, state_since=clock.now(),
    )  # fmt: skip


def _entry(number: int, row: dict[str, Any], project: Project) -> tuple[str, dict[str, Any]]:
    """The state the row says and what makes it true: delivered within its year (before MOMENT)."""
    inputs: dict[str, Any] = {"batch": "demo", "row": number}
    if row["s"] == "运维":
        return ("import_om_service" if row["y"] >= MOMENT.year else "import_om_closed"), inputs
    year, latest = row["y"], MOMENT.date() - timedelta(days=1)
    delivered = date(year, 3 + number % 9, 1 + number % 27)
    if delivered > latest:
        delivered = date(year, 3 + number % 4, 1 + number % 27)
    inputs["built_system"] = {"delivered_on": delivered.isoformat(), "on_cloud": number % 3 != 0,
                              "shares_data": number % 2 == 0, "hub_connected": year >= 2022}  # fmt: skip
    if row["s"] == "在用":
        return "import_delivered", inputs
    retired = min(delivered + timedelta(days=900 + number % 200), latest)
    inputs["retirement"] = {"retired_on": retired.isoformat(), **RETIRED}
    return "import_retired", inputs


def load_past() -> int:
    """Record the demo district's past projects, unless they are there; returns how many."""
    data = rows()
    units = {o.code: o for o in Organisation.objects.filter(code__in={r["u"] for r in data})}
    first = data[0]
    if Project.objects.filter(unit=units[first["u"]], name=first["n"]).exists():
        return 0
    bdb = User.objects.get(username="bdb")
    with clock.at(MOMENT), transaction.atomic():
        projects = Project.objects.bulk_create([_project(r, units[r["u"]], bdb) for r in data])
        record_events([
            ProjectEvent(project=p, action="import", label=LABEL, from_state=p.state, to_state=p.state,
                         actor=bdb, role=Role.BDB, inputs={"batch": "demo", "row": n}, article=9,
                         policy_id=p.policy_id)
            for n, p in enumerate(projects, start=1)
        ])  # fmt: skip
        entries = [
            (p, *_entry(n, r, p)) for n, (r, p) in enumerate(zip(data, projects, strict=True), start=1)
        ]
        engine.enter_many(user=bdb, entries=entries)
        index.reindex([p.pk for p in projects])
    return len(projects)
