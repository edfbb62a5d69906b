"""The rows of a populated district (govit.projects.populate): the data it draws from, a plan of
one project, and the records, timeline and audit events that plan implies."""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import hashes, hmac
from django.core.serializers.json import DjangoJSONEncoder

from govit import policy
from govit.acceptance.models import BuiltSystem
from govit.accounts.models import User
from govit.approvals.models import Approval, LeadingGroupDecision
from govit.audit import chain
from govit.audit.models import AuditEvent, Kind
from govit.audit.services import project_event_values
from govit.construction.models import Contract
from govit.funds.models import Disbursement
from govit.operation.models import Evaluation
from govit.projects import policies
from govit.projects.audit import _payload as project_event_payload
from govit.projects.audit import sm3_hex
from govit.projects.models import Project, ProjectEvent
from govit.workflow.lifecycle import Transition

ZONE = ZoneInfo("Asia/Shanghai")
UNITS = 60  # the district's project units, the demo's and generated ones
BATCH = 1000  # projects per transaction
ROW_BATCH = 2000  # rows per INSERT
NOT_EMPTY = "数据库中已有项目：populate 只填充空数据库（请先新建数据库并执行 migrate）。"

# How often each state is drawn: a district with years of history has most projects delivered or
# in service, a fair number under way, a few on every step. Every state is also given once first.
WEIGHTS: dict[str, int] = {
    "draft": 30, "returned": 10, "unit_confirm": 10, "list_review": 25, "leading_group_review": 10,
    "listing": 10, "fsr_with_budget": 20, "fsr": 8, "fsr_approval": 8, "preliminary_design": 12,
    "design_review": 12, "fsr_budget_approval": 10, "design_budget_approval": 6, "budget_order87": 8,
    "approved": 25, "construction": 60, "trial_run": 25, "compliance_review": 8, "rectification": 4,
    "final_acceptance": 10, "final_filing": 6, "delivered": 300, "om_service": 120, "retired": 30,
    "om_closed": 80, "rejected": 25, "withdrawn": 25,
}  # fmt: skip

# The route facts a project can have: (category, path, work type, amount range in yuan, urgent).
TRACKS: dict[str, tuple[str, str, str, tuple[int, int]]] = {
    "combined": ("construction", "combined", "new", (300_000, 10_000_000)),
    "combined_expansion": ("construction", "combined", "expansion", (300_000, 10_000_000)),
    "separate": ("construction", "separate", "new", (10_000_001, 80_000_000)),
    "service": ("service", "service", "service_purchase", (200_000, 5_000_000)),
    "om": ("om", "om_budget", "maintenance", (50_000, 2_000_000)),
}
# Days a step takes, by the state it leaves (the trial run lasts two months at least, 第二十三条).
STEP_DAYS: dict[str, tuple[int, int]] = {
    "construction": (90, 360), "trial_run": (62, 120), "approved": (20, 90), "om_service": (300, 400),
    "delivered": (200, 900),
}  # fmt: skip
DEFAULT_STEP_DAYS = (2, 30)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红"
SUBJECTS = (
    "智慧社区", "政务服务", "数据共享交换", "城市运行监测", "应急指挥", "智慧教育", "食品安全监管",
    "网格化治理", "不动产登记", "智慧养老", "公共视频联网", "电子档案", "协同办公", "智慧停车",
    "执法监督", "财政预算管理", "人口信息", "企业服务", "智慧医疗", "文化旅游",
)  # fmt: skip
KINDS = ("平台", "系统", "应用", "信息化建设", "升级改造", "运维服务")
# The generated units beyond the demo's, as a district has them (their kind: department).
EXTRA_UNITS = (
    "区档案馆", "区机关事务管理局", "区信访办", "区医疗保障局", "区林业局", "区供销社", "区残联",
    "区红十字会", "区科协", "区妇联", "区总工会", "区团委", "区侨联", "区工商联", "区地方志办",
    "区公共资源交易中心", "区政务服务中心", "区疾控中心", "区社会福利院", "区图书馆", "区文化馆",
    "区体育中心", "区人民医院", "区中医院", "区妇幼保健院", "区城市管理综合执法支队", "区人民防空办公室",
    "区金融发展服务中心", "区口岸物流办", "区老干部局", "区融媒体中心", "区房屋征收中心",
)  # fmt: skip


def _aware(day: date, seconds: int) -> datetime:
    """A whole-second moment of `day` in the district's zone (stored as it will be read back)."""
    return datetime.combine(day, time(8, 30), tzinfo=ZONE) + timedelta(seconds=seconds)


@dataclass
class Plan:
    """One project, decided before anything is written."""

    state: str
    track: str
    walk: list[Transition]
    at: list[datetime]  # when each transition of the walk happened
    start: datetime  # the form date's morning
    unit: int  # index into the units
    amount: Decimal
    name: str
    people: tuple[str, str, str]


@dataclass
class Result:
    projects: int = 0
    project_events: int = 0
    audit_events: int = 0
    units: int = 0
    states: Counter = field(default_factory=Counter)
    records: Counter = field(default_factory=Counter)


class NotEmpty(Exception):
    pass


class Rows:
    """What one planned project writes; mixed into the Populator, whose rng, people and key it uses."""

    def _records(self, plan: Plan, project: Project) -> dict[type, list]:
        rng = self.rng
        reached = {t.code: at for t, at in zip(plan.walk, plan.at, strict=True)}
        out: dict[type, list] = {}
        bdb, drc, finance = self.officers["bdb"], self.officers["drc"], self.officers["finance"]
        unit_user = self.unit_people[project.unit_id]["unit"]
        if "lg_approve" in reached:
            day = reached["lg_approve"]
            out[LeadingGroupDecision] = [LeadingGroupDecision(
                project=project, meeting=f"区云长制领导小组{day.year}年第{day.month}次会议", meeting_on=day.date(),
                minutes_ref=f"渝中云长办〔{day.year}〕{day.month}号", decision="approved",
                recorded_by=self.officers["lg_office"], recorded_at=day,
            )]  # fmt: skip
        approvals = []
        for code, kind in (("approve_fsr", "fsr"), ("approve_budget", None), ("record_budget", "order87")):
            if code not in reached:
                continue
            kind = kind or ("fsr_budget" if project.path == "combined" else "design_budget")
            total = (project.amount * Decimal("0.95")).quantize(Decimal("1"))
            lines = {}
            if kind != "fsr":
                software = (total * Decimal("0.6")).quantize(Decimal("1"))
                hardware = (total * Decimal("0.3")).quantize(Decimal("1"))
                lines = {"approved_software": software, "approved_hardware": hardware,
                         "approved_other": total - software - hardware}  # fmt: skip
            approvals.append(Approval(
                project=project, kind=kind, document_number=f"渝中发改投〔{reached[code].year}〕{rng.randint(1, 400)}号",
                approved_on=reached[code].date(), approved_total=total, recorded_by=drc if kind != "order87" else unit_user,
                recorded_at=reached[code], **lines,
            ))  # fmt: skip
        if approvals:
            out[Approval] = approvals
        begun = reached.get("start_construction") or reached.get("start_service")
        if begun is not None:
            signed = begun.date() - timedelta(days=rng.randint(5, 30))
            kind = {"construction": "construction", "service": "service", "om": "om"}[project.category]
            amount = (project.amount * Decimal("0.9")).quantize(Decimal("1"))
            contracts = [self._contract(project, kind, amount, signed, unit_user, bdb, 1)]
            if project.category == "construction":
                supervision = (project.amount * Decimal("0.02")).quantize(Decimal("1"))
                contracts.append(
                    self._contract(project, "supervision", supervision, signed, unit_user, bdb, 2)
                )
            out[Contract] = contracts
            last = (
                plan.at[-1].date() if plan.state not in {"om_closed", "retired", "delivered"} else self.until
            )
            payments, paid = [], Decimal(0)
            for number in range(rng.randint(1, 3)):
                part = (amount * Decimal(rng.choice(("0.3", "0.4", "0.2")))).quantize(Decimal("1"))
                if part <= 0 or paid + part > amount:
                    break
                day = begun.date() + timedelta(days=min(30 + 90 * number, max(0, (last - begun.date()).days)))
                payments.append(Disbursement(
                    project=project, paid_on=day, amount=part, purpose=("预付款", "进度款", "验收款")[number],
                    voucher=f"YZCZ-{day.year}-{project.list_code}-{number + 1}", recorded_by=finance,
                    recorded_at=_aware(day, 3600),
                ))  # fmt: skip
                paid += part
            out[Disbursement] = payments
        if "confirm_delivery" in reached:
            delivered = reached["confirm_delivery"].date()
            system = BuiltSystem(
                project=project, name=project.name, unit_id=project.unit_id, delivered_on=delivered,
                on_cloud=rng.random() < 0.8, shares_data=rng.random() < 0.6, hub_connected=rng.random() < 0.4,
            )  # fmt: skip
            if "retire" in reached:
                system.retired_on = reached["retire"].date()
                system.retire_reason = "功能已整合进新建系统。"
                system.data_destination = "数据已迁移至区大数据资源中心。"
            out[BuiltSystem] = [system]
        ended = reached.get("confirm_delivery") or reached.get("start_service")
        if ended is not None and date(ended.year + 1, 3, 15) <= self.until:
            out[Evaluation] = [Evaluation(
                project=project, by="unit", year=ended.year, operation=rng.randint(60, 100), use=rng.randint(60, 100),
                sharing=rng.randint(50, 100), benefit=rng.randint(60, 100), conclusion="运行稳定，达到预期效果。",
                evaluated_on=date(ended.year + 1, 3, 15), recorded_by=unit_user, unit_id=project.unit_id,
            )]  # fmt: skip
        return out

    def _contract(self, project: Project, kind: str, amount: Decimal, signed: date, unit_user: User,
                  bdb: User, number: int) -> Contract:  # fmt: skip
        due = policy.contract_due(signed=signed, calendar=self.calendar, policy=policies.of(project))
        filed = min(due.due, signed + timedelta(days=self.rng.randint(1, 9)), self.until)
        return Contract(
            project=project, kind=kind, number=f"HT-{signed.year}-{project.list_code}-{number}",
            title=f"{project.name}{'监理' if kind == 'supervision' else ''}合同", supplier="重庆渝中信息技术有限公司",
            amount=amount, software_amount=(amount * Decimal("0.6")).quantize(Decimal("1")), signed_on=signed,
            filing_due=due.due, filing_due_provisional=due.provisional, filed_on=filed, filed_late=False,
            filing_confirmed_by=bdb, filing_confirmed_at=_aware(filed, 7200), recorded_by=unit_user,
            recorded_at=_aware(signed, 3600),
        )  # fmt: skip

    def _events(self, plan: Plan, project: Project) -> Iterable[ProjectEvent]:
        prev = ""
        for seq, (t, at) in enumerate(zip(plan.walk, plan.at, strict=True), start=1):
            actor = self._actor(t.actor, project)
            event = ProjectEvent(
                project=project, seq=seq, action=t.code, label=t.label, from_state=self._source(plan, seq),
                to_state=t.target, actor=actor,
                organisation_id=actor.organisation_id, role=t.actor, at=at, inputs=self._inputs(t, at),
                article=t.article, clause=t.clause, policy_id=project.policy_id, prev_hash=prev,
            )  # fmt: skip
            event.hash = sm3_hex(project_event_payload(event))
            prev = event.hash
            yield event

    @staticmethod
    def _source(plan: Plan, seq: int) -> str:
        return plan.walk[seq - 2].target if seq > 1 else "draft"

    def _actor(self, role: str, project: Project) -> User:
        if role in ("unit", "unit_leader"):
            return self.unit_people[project.unit_id][role]
        return self.officers[role]

    @staticmethod
    def _inputs(t: Transition, at: datetime) -> dict[str, Any]:
        inputs: dict[str, Any] = {}
        for item in t.inputs:
            if item.type == "date":
                inputs[item.name] = at.date().isoformat()
            elif item.type == "bool":
                inputs[item.name] = True
            elif item.name == "meeting":
                inputs[item.name] = f"区云长制领导小组{at.year}年第{at.month}次会议"
            elif item.name == "minutes_ref":
                inputs[item.name] = f"渝中云长办〔{at.year}〕{at.month}号"
            elif item.name == "document_number":
                inputs[item.name] = f"渝中发改投〔{at.year}〕{at.day + 100}号"
            elif item.required and item.type in ("text", "longtext"):
                inputs[item.name] = "同意。" if item.name == "comment" else "已按要求办理。"
        return inputs

    # --- the audit log ------------------------------------------------------------------------
    def _copy(self, event: ProjectEvent) -> AuditEvent:
        actor = event.actor
        return AuditEvent(
            kind=Kind.PROJECT, action=event.action, label=event.label, actor=actor, actor_name=actor.username,
            organisation_id=actor.organisation_id, role=actor.roles, at=event.at, address=self._address(),
            project_id=event.project_id, project_event_id=event.pk, target_model="projects.projectevent",
            target_pk=str(event.pk), before=None, after=_plain(project_event_values(event)), detail={},
        )  # fmt: skip

    def _filler(self, low: datetime, high: datetime) -> AuditEvent:
        rng = self.rng
        person = rng.choice(self.everyone)
        at = low + timedelta(seconds=rng.randint(0, max(0, int((high - low).total_seconds()))))
        kind = rng.choices((Kind.LOGIN, Kind.LOGOUT, Kind.EXPORT, Kind.LOGIN_FAILED), (45, 40, 10, 5))[0]
        common = {"at": at, "address": self._address(), "before": None, "after": None}
        if kind == Kind.LOGIN_FAILED:
            return AuditEvent(kind=kind, action="login_failed", label="登录失败", actor=None,
                              actor_name=person.username, detail={}, **common)  # fmt: skip
        label = {Kind.LOGIN: "登录", Kind.LOGOUT: "退出", Kind.EXPORT: "导出项目清单"}[kind]
        detail = {"filename": f"项目清单-{at:%Y%m%d}.xlsx"} if kind == Kind.EXPORT else {}
        return AuditEvent(
            kind=kind, action=str(kind), label=label, actor=person, actor_name=person.username,
            organisation_id=person.organisation_id, role=person.roles, detail=detail, **common,
        )  # fmt: skip

    def _address(self) -> str:
        return f"10.50.{self.rng.randint(1, 30)}.{self.rng.randint(2, 250)}"

    def _seal(self, event: AuditEvent) -> str:
        # chain.seal's HMAC-SM3 over chain.payload, with the key read once instead of per event.
        signer = hmac.HMAC(self.key, hashes.SM3())
        signer.update(chain.payload(event))
        return signer.finalize().hex()


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
