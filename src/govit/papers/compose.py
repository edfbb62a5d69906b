"""What each official document says, written from the decision it carries (R8.4).

`subjects_of(project)` lists the project's decisions that leave as a 公文: the BDB's opinion on the
application (第九条, 第十一条) and on the scheme (第十三条), each DRC approval (第十三条, 第二十条),
each contract whose filing the BDB confirmed (第十六条), each round of the compliance review and
the rectification notice of a failed one (第二十三条), the confirmed final-acceptance filing
(第二十四条) and each BDB key-project evaluation (第二十六条). `paper_of` writes one as
`layout.Paper`, citing the version of the Rules the project follows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from govit import policy
from govit.acceptance.models import ComplianceCheck
from govit.approvals import selectors as approvals_selectors
from govit.approvals.models import Approval, ApprovalKind
from govit.construction.models import Contract
from govit.operation.models import Evaluation
from govit.papers.layout import Block, Paper, chinese_date
from govit.papers.models import PaperKind
from govit.projects.models import Project, ProjectEvent
from govit.workflow.lifecycle import STEERING, TRANSITIONS

BDB, DRC = "bdb", "drc"
# Whom each kind goes to besides its addressee (抄送).
COPIES = {
    PaperKind.REVIEW_OPINION: ("区发展改革委", "区财政局"),
    PaperKind.DESIGN_OPINION: ("区发展改革委", "区财政局"),
    PaperKind.APPROVAL: ("区大数据发展局", "区财政局", "区审计局"),
    PaperKind.FILING_RECEIPT: ("区财政局",),
    PaperKind.COMPLIANCE_OPINION: ("区发展改革委",),
    PaperKind.RECTIFICATION_NOTICE: ("区发展改革委",),
    PaperKind.FINAL_FILING: ("区发展改革委", "区财政局", "区审计局"),
    PaperKind.EVALUATION_REPORT: ("区发展改革委", "区财政局"),
}
REVIEW_ACTIONS = ("review_pass", "review_return", "review_reject")
DESIGN_ACTIONS = ("design_pass", "design_return")
FINAL_ACTIONS = ("file_final_acceptance", "confirm_delivery")
# The DRC's approvals (the unit's own Order 87 budget is not a document the DRC issues).
APPROVAL_TITLES = {
    ApprovalKind.FSR: "可行性研究报告",
    ApprovalKind.FSR_BUDGET: "可行性研究报告及概算方案（代初设）",
    ApprovalKind.DESIGN_BUDGET: "初步设计及概算方案",
    ApprovalKind.CHANGE: "项目方案及概算调整",
}
SCHEME_TITLES = {"combined": "可行性研究报告及概算方案（代初设）", "service": "初步设计及预算方案"}
SCHEME_TITLE = "初步设计及概算方案"
ITEMS = (("cloud", "政务云部署"), ("sharing", "数据资源共享"), ("integration", "系统整合"))


@dataclass(frozen=True)
class Subject:
    """A decision that leaves as a document: its kind, its key (`approval:3`), what it is, its date
    (the 成文日期), the office that issues it, and its own 文号 when the decision has one."""

    kind: str
    key: str
    label: str
    on: date
    office: str
    record: Any
    number: str = ""
    extra: Any = None


def _day(moment) -> date:
    return timezone.localdate(moment)


def subjects_of(project: Project) -> list[Subject]:
    """The project's decisions that carry a 公文, oldest first (five queries, whatever the project)."""
    found: list[Subject] = []
    events = list(
        ProjectEvent.objects.filter(
            project=project, action__in=(*REVIEW_ACTIONS, *DESIGN_ACTIONS, *FINAL_ACTIONS)
        ).order_by("seq")
    )
    filed = None
    for event in events:
        key, on = f"event:{event.pk}", _day(event.at)
        if event.action in REVIEW_ACTIONS:
            found.append(Subject(PaperKind.REVIEW_OPINION, key, event.label, on, BDB, event))
        elif event.action in DESIGN_ACTIONS:
            found.append(Subject(PaperKind.DESIGN_OPINION, key, event.label, on, BDB, event))
        elif event.action == "file_final_acceptance":
            filed = event
        else:
            found.append(Subject(PaperKind.FINAL_FILING, key, event.label, on, BDB, event, extra=filed))
    for approval in approvals_selectors.approvals_of(project):
        if approval.kind in APPROVAL_TITLES and approval.approved_on:
            found.append(Subject(PaperKind.APPROVAL, f"approval:{approval.pk}", approval.get_kind_display(),
                                 approval.approved_on, DRC, approval, number=approval.document_number))  # fmt: skip
    for contract in Contract.objects.filter(project=project, filing_confirmed_at__isnull=False).order_by(
        "pk"
    ):
        found.append(Subject(PaperKind.FILING_RECEIPT, f"contract:{contract.pk}", f"合同备案：{contract.title}",
                             _day(contract.filing_confirmed_at), BDB, contract))  # fmt: skip
    for check in ComplianceCheck.objects.filter(project=project).order_by("round"):
        key, on = f"compliance:{check.pk}", _day(check.checked_at)
        verdict = "通过" if check.passed else "未通过"
        found.append(
            Subject(
                PaperKind.COMPLIANCE_OPINION, key, f"第{check.round}轮合规性审查（{verdict}）", on, BDB, check
            )
        )
        if not check.passed:
            found.append(
                Subject(
                    PaperKind.RECTIFICATION_NOTICE, key, f"第{check.round}轮合规性审查整改", on, BDB, check
                )
            )
    for evaluation in Evaluation.objects.filter(project=project, by=Evaluation.By.BDB).order_by("year"):
        found.append(Subject(PaperKind.EVALUATION_REPORT, f"evaluation:{evaluation.pk}",
                             f"{evaluation.year}年度重点项目绩效评价", evaluation.evaluated_on, BDB, evaluation))  # fmt: skip
    return sorted(found, key=lambda s: s.on)


def _rules(project: Project) -> str:
    rules = policy.load_policy(project.policy_id)
    return f"《{rules.title}》（{rules.document_number}）"


def _wan(amount) -> str:
    return f"{policy.format_wan(amount)}万元"


def _facts(project: Project) -> Block:
    return Block(
        f"该项目由{project.unit.name}申报，属{project.get_category_display()}项目（{project.get_work_type_display()}），"
        f"申报年度{project.year}年，投资估算{_wan(project.amount)}，资金来源为{project.funding_source}。"
    )


def _comment(event: ProjectEvent, empty: str = "无其他意见。") -> str:
    return str((event.inputs or {}).get("comment") or "").strip() or empty


def _review(project: Project, s: Subject) -> tuple[str, list[Block]]:
    event = s.record
    conclusion = {
        "review_pass": f"经审核，该项目符合申报要求，{event.label.removeprefix('审核通过，').removeprefix('审核通过')}。",
        "review_return": "经审核，该项目申报材料尚需修改完善，请按以下意见修改后重新报送。",
        "review_reject": "经审核，该项目不予通过。",
    }[event.action]
    return f"关于{project.name}\n项目申报\n的审核意见", [
        Block(f"你单位报送的{project.name}项目申报材料收悉。根据{_rules(project)}"
              f"{policy.cite(event.article or 9)}规定，我局对该项目进行了审核。现将审核意见函告如下："),
        Block("一、项目基本情况", 1), _facts(project),
        Block("二、审核结论", 1), Block(conclusion),
        Block("三、审核意见", 1), Block(_comment(event)), *(overlap := _overlap(event)),
        *_steering(event, "五" if overlap else "四"), Block("特此函告。"),
    ]  # fmt: skip


def _overlap(event: ProjectEvent) -> list[Block]:
    """第四条: what the review made of the similar projects, when it said so."""
    inputs = event.inputs or {}
    labels = dict(
        next(
            i.choices for t in TRANSITIONS if t.code == "review_pass" for i in t.inputs if i.name == "overlap"
        )
    )
    if inputs.get("overlap") not in labels:
        return []
    reason = str(inputs.get("overlap_reason") or "").strip()
    return [Block("四、重复建设审查", 1), Block(f"{labels[inputs['overlap']]}。{reason}".rstrip())]


def _steering(event: ProjectEvent, number: str) -> list[Block]:
    """第二十六条第二款 (R5.6): the evaluations' recommendation, and whether the review heeded it."""
    inputs, labels = event.inputs or {}, dict(STEERING[0].choices)
    if inputs.get("steering") not in labels or not inputs.get("steering_advice"):
        return []  # none applied: a choice made all the same is not a decision on one
    said = [str(inputs.get(k) or "").strip().rstrip("。") for k in ("steering_advice", "steering_reason")]
    text = "。".join(x for x in (said[0], labels[inputs["steering"]], said[1]) if x)
    return [Block(f"{number}、绩效评价结果运用（{policy.cite(26, 2)}）", 1), Block(f"{text}。")]


def _design(project: Project, s: Subject) -> tuple[str, list[Block]]:
    event, scheme = s.record, SCHEME_TITLES.get(project.path, SCHEME_TITLE)
    passed = event.action == "design_pass"
    next_step = {"service": "请按财政部令第87号编审预算方案。"}.get(
        project.path, "请按程序报区发展改革委审批。"
    )
    conclusion = f"经审核，原则同意该项目{scheme}。{next_step}" if passed else \
        f"经审核，该项目{scheme}尚需修改完善，请按以下意见修改后重新报送。"  # fmt: skip
    return f"关于{project.name}\n{scheme}\n的审核意见", [
        Block(f"你单位报送的{project.name}{scheme}收悉。根据{_rules(project)}"
              f"{policy.cite(event.article or 13, event.clause)}规定，我局组织对该项目方案进行了审核。现提出审核意见如下："),
        Block("一、项目基本情况", 1), _facts(project),
        Block("二、审核结论", 1), Block(conclusion),
        Block("三、具体意见", 1), Block(_comment(event)),
        Block("特此函告。"),
    ]  # fmt: skip


def _approval(project: Project, s: Subject) -> tuple[str, list[Block]]:
    approval: Approval = s.record
    subject = APPROVAL_TITLES[approval.kind]
    parts = [
        ("软件", approval.approved_software),
        ("硬件", approval.approved_hardware),
        ("其他", approval.approved_other),
    ]
    split = "，".join(f"{label}{_wan(value)}" for label, value in parts if value is not None)
    total = f"项目总投资{_wan(approval.approved_total)}" + (f"，其中{split}" if split else "") + "。"
    article = "第二十条、第二十一条" if approval.kind == ApprovalKind.CHANGE else policy.cite(13, 2)
    return f"关于{project.name}\n{subject}\n的批复", [
        Block(f"你单位报送的{project.name}{subject}及相关材料收悉。根据{_rules(project)}{article}规定，"
              "结合区大数据发展局审核意见，经研究，现批复如下："),
        Block(f"一、原则同意{project.name}{subject}。", 1),
        Block("二、项目投资", 1), Block(total), Block(f"资金来源为{project.funding_source}。"),
        Block("三、有关要求", 1),
        Block("请严格按照批复内容组织实施。项目建设内容、规模和投资确需调整的，应按规定程序报批。"),
        Block("此复。"),
    ]  # fmt: skip


def _filing(project: Project, s: Subject) -> tuple[str, list[Block]]:
    contract: Contract = s.record
    on_time = (
        "该合同逾期报备，请今后在规定期限内报备。" if contract.filed_late else "该合同在规定期限内报备。"
    )
    return f"关于{project.name}\n合同备案\n的回执", [
        Block(f"你单位报送的《{contract.title}》（合同编号：{contract.number}）备案材料收悉。"
              f"根据{_rules(project)}{policy.cite(16, 2)}规定，现予备案。"),
        Block("一、合同基本情况", 1),
        Block(f"合同乙方为{contract.supplier}，合同金额{_wan(contract.amount)}，其中软件{_wan(contract.software_amount)}；"
              f"签订日期{chinese_date(contract.signed_on)}，报备日期{chinese_date(contract.filed_on)}，"
              f"备案截止日{chinese_date(contract.filing_due)}。{on_time}"),
        Block("二、有关要求", 1), Block("请按合同约定组织实施，加强项目建设管理和资金管理。"),
        Block("特此回执。"),
    ]  # fmt: skip


def _findings(check: ComplianceCheck, *, failed_only: bool) -> list[Block]:
    blocks, n = [], 0
    numerals = "一二三"
    for code, label in ITEMS:
        ok, finding = getattr(check, f"{code}_ok"), getattr(check, f"{code}_finding").strip()
        if failed_only and ok:
            continue
        verdict = "通过" if ok else "未通过"
        blocks.append(Block(f"（{numerals[n]}）{label}：{verdict}。" + (finding or ""), 2))
        n += 1
    return blocks


def _compliance(project: Project, s: Subject) -> tuple[str, list[Block]]:
    check: ComplianceCheck = s.record
    conclusion = (
        f"该项目通过合规性审查。请按{policy.cite(24)}规定委托第三方机构进行终验，并报我局备案。"
        if check.passed
        else "该项目未通过合规性审查，请按整改通知书要求限期整改后重新申请审查。"
    )
    return f"关于{project.name}\n合规性审查\n的意见", [
        Block(f"你单位提出的合规性审查申请收悉。根据{_rules(project)}{policy.cite(23)}规定，我局于"
              f"{chinese_date(s.on)}对该项目云部署、数据资源共享、系统整合等情况进行了第{check.round}轮合规性审查。"
              "审查意见如下："),
        Block("一、审查情况", 1), *_findings(check, failed_only=False),
        Block("二、审查结论", 1), Block(conclusion),
        Block("特此函告。"),
    ]  # fmt: skip


def _rectification(project: Project, s: Subject, deadline: date | None) -> tuple[str, list[Block]]:
    check: ComplianceCheck = s.record
    by = chinese_date(deadline) if deadline else "　　年　月　日"
    return f"关于{project.name}\n合规性审查整改\n的通知", [
        Block(f"根据{_rules(project)}{policy.cite(23)}规定，我局于{chinese_date(s.on)}对你单位{project.name}"
              f"进行了第{check.round}轮合规性审查，该项目未通过审查。现就整改有关事项通知如下："),
        Block("一、整改事项", 1), *_findings(check, failed_only=True),
        Block("二、整改期限", 1),
        Block(f"请于{by}前完成整改，将整改报告报送我局，并重新申请合规性审查。"),
        Block("三、有关要求", 1),
        Block(f"未通过合规性审查的项目，不得进行终验（{policy.cite(24)}）。"),
        Block("特此通知。"),
    ]  # fmt: skip


def _final(project: Project, s: Subject) -> tuple[str, list[Block]]:
    filed: ProjectEvent | None = s.extra
    inputs = (filed.inputs or {}) if filed else {}
    agency, accepted = inputs.get("acceptance_agency") or "第三方机构", inputs.get("final_accepted_on")
    when = chinese_date(date.fromisoformat(accepted)) if accepted else ""
    return f"关于{project.name}\n终验备案\n的确认", [
        Block(f"你单位报送的{project.name}终验材料收悉。该项目已{'于' + when if when else ''}由{agency}完成终验。"
              f"根据{_rules(project)}{policy.cite(24)}规定，经审核，同意备案。"),
        Block("一、备案结论", 1),
        Block("该项目自即日起正式交付使用，并纳入全区已建项目清单库管理。"),
        Block("二、有关要求", 1),
        Block(f"请加强项目运行维护管理，确保信息系统安全可靠稳定运行（{policy.cite(25)}）；"
              f"按规定开展竣工财务决算和项目支出绩效评价（{policy.cite(26)}）。"),
        Block("特此确认。"),
    ]  # fmt: skip


def _evaluation(project: Project, s: Subject) -> tuple[str, list[Block]]:
    e: Evaluation = s.record
    scores = (
        ("运行情况", e.operation),
        ("应用情况", e.use),
        ("协同共享", e.sharing),
        ("经济和社会效益", e.benefit),
    )
    numerals = "一二三四"
    return f"{project.name}\n{e.year}年度\n重点项目绩效评价报告", [
        Block(f"根据{_rules(project)}{policy.cite(26)}规定，我局于{chinese_date(e.evaluated_on)}对你单位"
              f"{project.name}开展了{e.year}年度重点项目绩效评价。现将评价结果通报如下："),
        Block("一、评价得分", 1),
        *[Block(f"（{numerals[k]}）{label}：{score}分。", 2) for k, (label, score) in enumerate(scores)],
        Block(f"四项得分等权平均，综合得分{e.score:g}分。"),
        Block("二、评价结论及建议", 1), Block(e.conclusion),
        Block("三、结果运用", 1),
        Block("评价结果将作为下一年度安排政府投资和运行维护经费的重要依据。"),
        Block("特此通报。"),
    ]  # fmt: skip


WRITERS = {
    PaperKind.REVIEW_OPINION: _review,
    PaperKind.DESIGN_OPINION: _design,
    PaperKind.APPROVAL: _approval,
    PaperKind.FILING_RECEIPT: _filing,
    PaperKind.COMPLIANCE_OPINION: _compliance,
    PaperKind.FINAL_FILING: _final,
    PaperKind.EVALUATION_REPORT: _evaluation,
}


def paper_of(project: Project, subject: Subject, *, organ: str, number: str, contact: str = "",
             deadline: date | None = None) -> Paper:  # fmt: skip
    """The document of `subject`, issued by `organ` under `number`."""
    if subject.kind == PaperKind.RECTIFICATION_NOTICE:
        title, blocks = _rectification(project, subject, deadline)
    else:
        title, blocks = WRITERS[subject.kind](project, subject)
    return Paper(
        organ=organ, number=number, title=title, addressee=project.unit.name, blocks=tuple(blocks),
        signed_on=subject.on, note=f"联系人：{contact}" if contact else "", copies_to=COPIES[subject.kind],
    )  # fmt: skip
