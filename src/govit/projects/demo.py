"""The demo district's projects: one or more in every state of the lifecycle, walked there
through the real services and engine (so their history, documents and approvals are real), at
the dates it would have happened (`govit.clock`). Loading twice changes nothing."""

import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document as Docx

from govit import clock, policy
from govit.acceptance import services as acceptance_services
from govit.accounts.models import Organisation, User
from govit.approvals import selectors as approvals_selectors
from govit.construction import selectors as construction_selectors
from govit.construction import services as construction_services
from govit.construction.models import Contract
from govit.documents import services as documents_services
from govit.findings.demo import demo_findings_load
from govit.operation import services as operation_services
from govit.policy import add_months
from govit.policy.outline import outline_for
from govit.projects import policies, services
from govit.projects.models import Project
from govit.similar.demo import load_past as load_past_projects
from govit.workflow import engine
from govit.workflow.lifecycle import STATE_BY_CODE, TRANSITIONS, Transition

START = datetime(2026, 8, 17, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
DESIGN_INSTITUTE = "shancheng_design"

CHAPTERS = {
    "purpose": "项目单位：{unit}。项目名称：{name}。依据《重庆市渝中区新型智慧城市建设规划》和“云长制”工作要求，{summary}",
    "necessity": "现有系统分散建设、数据不通，群众和基层重复填报。本项目与现有系统的区别联系：复用区政务云和智能中枢，不重复建设。",
    "requirements": "业务功能：事项办理、统计分析、移动端。业务量：年均办件约 5 万件。满足系统整合要求，与渝中区智能中枢对接共享数据。",
    "plan": "建设任务：平台、数据治理、移动应用。建设期 12 个月，2027 年 3 月启动，2028 年 2 月上线试运行。",
    "investment": "项目总投资估算 {amount}，资金来源为区级财政资金，已纳入年度预算安排。",
}


@dataclass(frozen=True)
class DemoProject:
    unit: str  # the demo unit's username prefix: jiaowei, jfb
    name: str
    work_type: str
    amount: str
    target: str  # the state the demo walks it to
    summary: str
    flags: dict[str, Any] = field(default_factory=dict)
    year: int = 2027


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject("jiaowei", "渝中区智慧教育管理平台（二期）", "continuation", "800万", "approved",
                "建设全区中小学统一的教育管理平台二期，覆盖学籍、师资、资产管理。"),
    DemoProject("jiaowei", "渝中区中小学校园安全监管平台", "new", "1200万", "design_budget_approval",
                "建设校园视频、门禁、食品安全一体化监管平台。"),
    DemoProject("jiaowei", "渝中区教育大数据中心", "new", "1500万", "fsr_approval",
                "汇聚全区教育数据，支撑教育决策分析。"),
    DemoProject("jiaowei", "学籍管理系统升级改造", "upgrade", "18万", "approved",
                "学籍管理系统适配新版学籍规范，不改变系统功能用途。"),
    DemoProject("jiaowei", "教育城域网运行维护服务", "maintenance", "120万", "budget_order87",
                "教育城域网及数据中心年度运行维护，通过政府采购选定服务商。", {"needs_procurement": True}),
    DemoProject("jiaowei", "智慧课堂建设服务（购买服务）", "service_purchase", "300万", "design_review",
                "以购买服务方式建设全区智慧课堂。"),
    DemoProject("jiaowei", "渝中区招生入学一件事服务平台", "new", "600万", "leading_group_review",
                "实现义务教育招生入学网上一次办。"),
    DemoProject("jiaowei", "教师继续教育管理系统", "continuation", "150万", "draft",
                "教师继续教育学时登记与管理。"),
    DemoProject("jiaowei", "校园视频监控联网改造", "new", "400万", "returned",
                "全区学校视频监控接入区视频共享平台。"),
    DemoProject("jiaowei", "家校互通信息服务", "service_purchase", "90万", "rejected",
                "购买家校短信互通服务。"),
    DemoProject("jfb", "解放碑街道网格化社会治理平台", "continuation", "260万", "list_review",
                "完善街道网格化治理平台，接入区智能中枢。"),
    DemoProject("jfb", "解放碑社区智慧养老服务", "service_purchase", "180万", "approved",
                "以购买服务方式为辖区老人提供智能监测与上门服务。"),
    DemoProject("jfb", "解放碑街道数字档案室", "new", "80万", "unit_confirm",
                "街道档案数字化及电子档案管理系统。"),
    DemoProject("jfb", "解放碑楼宇经济监测平台", "continuation", "1000万", "fsr_budget_approval",
                "监测辖区商务楼宇入驻、税收和空置情况（总投资恰为合并审批的限额，走合并审批）。"),
    DemoProject("jfb", "街道政务服务自助终端运维", "maintenance", "30万", "listing",
                "街道便民服务中心自助终端年度运维。"),
    DemoProject("jfb", "解放碑智慧停车诱导系统", "new", "1100万", "fsr",
                "商圈停车位实时监测与诱导。"),
    DemoProject("jfb", "街道应急广播系统", "continuation", "200万", "withdrawn",
                "街道应急广播终端补点。"),
    DemoProject("jfb", "解放碑智慧社区服务平台", "service_purchase", "260万", "preliminary_design",
                "以购买服务方式建设智慧社区服务平台。"),
    DemoProject("jfb", "解放碑商圈应急指挥调度系统", "new", "500万", "fsr_with_budget",
                "商圈大客流应急指挥调度（第十一条急需项目）。",
                {"urgent": True, "urgent_body": "区政府常务会议", "urgent_on": "2026-08-10",
                 "urgent_decision": "同意作为急需项目实施", "urgent_ref": "区政府第52次常务会议纪要"}),
    # Projects of the 2026 list, applied for in 2025, now past their approval (第十六至二十五条).
    DemoProject("jiaowei", "渝中区教育资源公共服务平台", "continuation", "600万", "construction",
                "汇聚优质课程资源，面向全区师生开放。", year=2026),
    DemoProject("jiaowei", "校园一卡通服务（购买服务）", "service_purchase", "150万", "trial_run",
                "以购买服务方式建设运营校园一卡通。", year=2026),
    DemoProject("jfb", "解放碑街道综合执法指挥平台", "continuation", "450万", "compliance_review",
                "街道综合行政执法案件指挥调度。", year=2026),
    DemoProject("jfb", "解放碑商圈客流监测系统", "continuation", "380万", "rectification",
                "商圈客流实时监测预警。", year=2026),
    DemoProject("jiaowei", "教育装备管理系统", "continuation", "120万", "final_acceptance",
                "学校教育装备登记、调拨和报废管理。", year=2026),
    DemoProject("jfb", "街道社区服务综合信息平台（购买服务）", "service_purchase", "220万", "final_filing",
                "以购买服务方式建设社区服务综合信息平台。", year=2026),
    DemoProject("jiaowei", "渝中区中小学智慧食堂监管平台", "continuation", "300万", "delivered",
                "学校食堂明厨亮灶、食材溯源监管。", year=2026),
    DemoProject("jfb", "解放碑街道视频会议系统", "continuation", "90万", "retired",
                "街道视频会议系统（已并入区级统一平台）。", year=2026),
    DemoProject("jiaowei", "教育城域网年度运维服务（2026年度）", "maintenance", "60万", "om_service",
                "教育城域网2026年度运行维护。", year=2026),
    DemoProject("jfb", "街道政务外网运维服务（2026年度）", "maintenance", "40万", "om_closed",
                "街道政务外网2026年度运行维护。", year=2026),
)  # fmt: skip

# 第三条: the continuations whose earlier project is a demo project too (the rest began before GovIT).
EARLIER = {
    "渝中区智慧教育管理平台（二期）": "渝中区中小学智慧食堂监管平台",
    "解放碑街道网格化社会治理平台": "解放碑街道综合执法指挥平台",
}

# When each year's demo projects were first applied for.
STARTS = {2027: START, 2026: datetime(2025, 8, 18, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))}


def demo_projects_load(names: set[str] | None = None) -> int:
    """Create the demo projects (those named, or all) that do not exist yet; returns how many."""
    if names is None:
        load_past_projects()  # 第四条: the district's past systems, for the duplicate check to find
    created = 0
    # The earlier year first, so that a continuation finds the project it continues; each keeps
    # the moment of its place in PROJECTS.
    for index, spec in sorted(enumerate(PROJECTS), key=lambda pair: pair[1].year):
        if names is not None and spec.name not in names:
            continue
        unit_user = User.objects.get(username=f"{spec.unit}_unit")
        if Project.objects.filter(unit_id=unit_user.organisation_id, name=spec.name).exists():
            continue
        with transaction.atomic():
            _Walk(spec, unit_user, STARTS[spec.year] + timedelta(hours=index)).run()
        created += 1
    demo_findings_load()  # the bureaus' findings on them (govit.findings.demo)
    if names is None:  # the year's plan and the key projects (第五条), once the projects are there
        from govit.plans.demo import demo_plans_load

        demo_plans_load()
    return created


class _Walk:
    """One demo project, created and walked to its target state, a step every few days."""

    def __init__(self, spec: DemoProject, unit_user: User, start: datetime):
        self.spec, self.unit_user, self.moment = spec, unit_user, start
        self.people = {u.username: u for u in User.objects.filter(username__startswith=spec.unit)}
        self.people |= {u.username: u for u in User.objects.filter(username__in=["bdb", "lg_office", "drc"])}

    def _tick(self) -> datetime:
        self.moment += timedelta(days=3)
        return self.moment

    def run(self) -> None:
        spec = self.spec
        with clock.at(self.moment):
            project = services.project_create(
                user=self.unit_user, application=services.Application(**self._form())
            )
            if project.is_new:
                services.proposal_update(project=project, user=self.unit_user, chapters=self._chapters())
        # An end off the forward line is reached by its one transition, from that transition's source.
        end_states = {
            "returned": "review_return", "rejected": "review_reject", "withdrawn": "withdraw",
            "rectification": "compliance_fail",
        }  # fmt: skip
        stop_at = spec.target
        if spec.target in end_states:
            stop_at = next(t for t in TRANSITIONS if t.code == end_states[spec.target]).sources[0]
        while project.state != stop_at:
            project = self._step(project, self._forward(project))
        if spec.target in end_states:
            code = end_states[spec.target]
            transition = next(t for t in engine.transitions_for(project) if t.code == code)
            project = self._step(project, transition)
        if spec.target == "trial_run":  # its 等保测评 during the trial run: a year on, it falls due again
            with clock.at(self._tick()):
                operation_services.security_assessment_record(
                    project=project, user=self.unit_user, kind="mlps", level=2, done_on=clock.today(),
                    agency="重庆信息安全测评中心", result="basic", findings="部分账户口令强度不足",
                    rectification="已启用强口令策略",
                )  # fmt: skip

    def _form(self) -> dict[str, Any]:
        leader, unit = self.people[f"{self.spec.unit}_leader"], self.unit_user
        return {
            "name": self.spec.name, "leader_name": leader.name, "leader_phone": "13808300001",
            "contact_name": unit.name, "contact_phone": "023-63801234", "amount": self.spec.amount,
            "reason": "落实《重庆市渝中区新型智慧城市建设规划》及区委区政府工作部署（渝中委办〔2026〕18号）。",
            "summary": self.spec.summary, "expected_effect": "业务全程网办，数据共享复用，减少基层重复填报。",
            "funding_source": "区级财政资金", "progress": "拟于2027年3月启动，委托第三方建设运维，目前处于方案论证阶段。",
            "filler_name": unit.name, "filler_phone": "13908300002", "year": self.spec.year, "work_type": self.spec.work_type,
            "fiscal_funding": True, "it_system": True, "excluded_purchase": "none",  # 第二条
            **self._earlier(), **self.spec.flags,
        }  # fmt: skip

    def _earlier(self) -> dict[str, Any]:
        """第三条: a continuation names its earlier project — the demo's own when it is loaded,
        otherwise the phase built before the platform."""
        if self.spec.work_type != "continuation":
            return {}
        name = EARLIER.get(self.spec.name)
        earlier = (
            Project.objects.filter(unit_id=self.unit_user.organisation_id, name=name).first()
            if name
            else None
        )
        if earlier is not None:
            return {"continues": earlier.pk}
        return {
            "continues_outside": f"{self.spec.name.split('（')[0]}（前期），渝中发改投〔{self.spec.year - 2}〕{len(self.spec.name)}号批复"
        }

    def _chapters(self) -> dict[str, str]:
        values = {
            "unit": self.unit_user.organisation.name,
            "name": self.spec.name,
            "summary": self.spec.summary,
            "amount": self.spec.amount,
        }
        return {code: text.format(**values) for code, text in CHAPTERS.items()}

    @staticmethod
    def _forward(project: Project) -> Transition:
        return next(t for t in engine.transitions_for(project) if t.kind == "forward")

    def _person(self, project: Project, role: str) -> User:
        if role in ("unit", "unit_leader"):
            return self.people[f"{self.spec.unit}_{'unit' if role == 'unit' else 'leader'}"]
        return self.people[role]

    def _step(self, project: Project, transition: Transition) -> Project:
        if transition.code == "apply_compliance":  # 第二十三条: after two months or more of trial run
            self.moment = datetime.combine(add_months(project.trial_started_on, 2), self.moment.timetz())
        with clock.at(self._tick()):
            self._prepare(project, transition)
            inputs = self._inputs(project, transition)
            return engine.perform(
                project=project,
                user=self._person(project, transition.actor),
                code=transition.code,
                inputs=inputs,
            )

    def _prepare(self, project: Project, transition: Transition) -> None:
        """Upload what the step asks for and record the preparer, as the unit would."""
        if "preparer_recorded" in transition.guards and not project.preparer_id:
            services.preparer_set(
                project=project, user=self.unit_user, preparer=Organisation.objects.get(code=DESIGN_INSTITUTE),
                qualification="电子通信广电行业（电子系统工程）甲级", contact="马俊杰 023-68880001",
            )  # fmt: skip
        for kind in transition.documents:
            _upload(project, self.unit_user, kind)
        if transition.code == "start_construction":
            self._contracts(project)
        if transition.code == "initial_acceptance":  # delivered as approved
            items = construction_selectors.active_baseline(project).items.all()
            acceptance_services.accepted_items_set(project=project, user=self.unit_user, items=[
                construction_selectors.LineIn(i.name, i.quantity, i.unit_price, i.kind, i.specification, i.acceptance_terms)
                for i in items
            ])  # fmt: skip
        if "extra_approvals_present" in transition.guards and (project.civil_works or project.high_energy):
            for kind in ("energy_assessment", "site_selection", "land_pre_review", "eia"):
                _upload(project, self.unit_user, kind)

    def _inputs(self, project: Project, transition: Transition) -> dict[str, Any]:
        amount = project.amount
        software = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
        hardware = (amount * Decimal("0.3")).quantize(Decimal("0.01"))
        values: dict[str, Any] = {
            "comment": "同意。" if transition.kind == "forward" else "请补充项目建设依据和与现有系统的整合方案。",
            "document_number": f"渝中发改投〔2026〕{100 + project.pk}号",
            "approved_on": clock.today().isoformat(), "approved_total": str(amount),
            "approved_software": str(software), "approved_hardware": str(hardware),
            "approved_other": str(amount - software - hardware),
            "meeting": "区云长制领导小组2026年第3次会议", "meeting_on": clock.today().isoformat(),
            "minutes_ref": "渝中云长办〔2026〕3号",
            "accepted_on": clock.today().isoformat(), "trial_started_on": clock.today().isoformat(),
            "cloud_ok": "true", "sharing_ok": transition.code != "compliance_fail" and "true" or "",
            "integration_ok": "true", "sharing_finding": "数据资源目录未编制，未接入区共享交换平台。",
            "acceptance_agency": "重庆市软件评测中心", "final_accepted_on": clock.today().isoformat(),
            "retired_on": clock.today().isoformat(), "retire_reason": "功能并入区级统一视频会议平台。",
            "data_destination": "会议记录已归档至区档案馆，其余数据迁移至区级平台。",
        }  # fmt: skip
        for declared in transition.inputs:
            if declared.type == "document":  # the office that acts uploads its own document (R3.9)
                actor = self._person(project, transition.actor)
                values[declared.name] = _upload(
                    project, actor, declared.kinds[0] if declared.kinds else "other"
                )
        return {i.name: values[i.name] for i in transition.inputs if i.name in values}

    def _contracts(self, project: Project) -> None:
        """The approved configuration, the contracts (with supervision where 第十八条 asks), filed."""
        approval = approvals_selectors.current_approval(project)
        software = approval.approved_software or Decimal(0)
        items = [
            construction_selectors.LineIn(
                "应用软件开发",
                Decimal(1),
                software,
                "software",
                "按批复的初步设计功能清单开发",
                "功能逐项测试通过，第三方软件测评合格",
            ),
            construction_selectors.LineIn(
                "服务器及存储",
                Decimal(1),
                approval.approved_total - software,
                "hardware",
                "部署于区政务云，配置按批复的资源清单",
                "到货验收及72小时连续运行无故障",
            ),
        ]
        construction_services.baseline_set(project=project, user=self.unit_user, items=items)
        kinds = [Contract.Kind.CONSTRUCTION]
        if policy.supervision(amount=project.amount, policy=policies.of(project)).required:
            kinds.append(Contract.Kind.SUPERVISION)
        for number, kind in enumerate(kinds, start=1):
            document = _upload(project, self.unit_user, "contract")
            contract = construction_services.contract_record(
                project=project, user=self.unit_user, contract=construction_services.ContractIn(**{
                    "kind": kind, "number": f"YZHT-{project.pk:03d}-{number}", "title": f"{project.name}{Contract.Kind(kind).label}",
                    "supplier": "重庆渝信科技有限公司" if kind == Contract.Kind.CONSTRUCTION else "重庆嘉陵信息工程监理有限公司",
                    "amount": (project.amount * Decimal("0.9" if kind == Contract.Kind.CONSTRUCTION else "0.03")).quantize(Decimal("0.01")),
                    "signed_on": clock.today(), "document_id": document,
                }),
            )  # fmt: skip
            construction_services.contract_file(contract=contract, user=self.unit_user)
            if self.spec.target != "construction":  # the BDB confirmed them; the one building still waits
                construction_services.contract_filing_confirm(contract=contract, user=self.people["bdb"])


def _upload(project: Project, user: User, kind: str) -> int:
    from govit.documents.models import DocumentKind

    title = f"{project.name} {DocumentKind(kind).label}"
    document = Docx()
    document.add_paragraph(title)
    document.add_paragraph(f"{project.unit.name}　（演示文件，{STATE_BY_CODE[project.state].label}环节）")
    _outlined(document, project, kind)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile(
        f"{title}.docx", buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )  # fmt: skip
    return documents_services.document_upload(project=project, user=user, kind=kind, upload=upload).pk


def _outlined(document: Any, project: Project, kind: str) -> None:
    """A demo proposal, FSR or design follows its outline (附件2 / 附件3, R9.3), and its chapter 12
    states a five-year O&M budget (a tenth of the amount) the O&M plan is prefilled with (R5.5)."""
    outline = outline_for(policies.of(project).outlines, kind)
    if outline is None:
        return
    for chapter in outline.chapters:
        document.add_heading(chapter.heading, level=1)
        document.add_paragraph(chapter.guidance or "（演示内容）")
        for section in chapter.sections:
            document.add_heading(section.heading, level=2)
        if outline.om_budget and chapter.number == outline.om_budget[0] and project.amount:
            budget = (project.amount / 10).quantize(Decimal("0.01"))
            document.add_paragraph(f"五年运维费预算合计：{policy.format_wan(budget)}万元")
