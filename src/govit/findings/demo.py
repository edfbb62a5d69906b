"""The demo's bureau findings (R0.1, 第七条): an audit of a delivered project's funds, answered by its
unit, and a cybersecurity guidance still open on a project in construction. Loaded after the demo
projects (projects.demo), once: a project that has a finding of the kind already keeps it."""

from dataclasses import dataclass
from datetime import timedelta

from govit import clock
from govit.accounts.models import User
from govit.findings import services
from govit.findings.models import Finding
from govit.projects.models import Project


@dataclass(frozen=True)
class DemoFinding:
    project: str
    bureau: str  # the demo bureau's username, which is the finding's kind
    reference: str
    content: str
    rectification: str
    answer: str = ""  # the unit's answer, if it has answered


FINDINGS = (
    DemoFinding(
        "渝中区中小学智慧食堂监管平台", "audit", "渝中审计〔2026〕12号",
        "经审计，项目资金支付与合同约定进度基本一致；部分硬件设备验收单据不全，第三期款支付时尚未取得终验报告。",
        "补齐设备验收单据，说明第三期款提前支付的原因。",
        answer="已补齐全部设备验收单据并归档；第三期款系按合同约定的初验节点支付，相关说明及合同条款已报区审计局。",
    ),
    DemoFinding(
        "渝中区教育资源公共服务平台", "cac", "渝中网信〔2026〕8号",
        "平台面向全区师生开放，建设中应同步落实网络安全等级保护要求，上线前完成等级保护测评和安全风险评估。",
        "提交网络安全等级保护定级备案材料和上线前安全测评计划。",
    ),
)  # fmt: skip


def demo_findings_load() -> int:
    """Open (and answer) the demo findings on the demo projects present; returns how many were opened."""
    opened = 0
    today = clock.today()
    for spec in FINDINGS:
        project = Project.objects.filter(name=spec.project).first()
        if project is None or Finding.objects.filter(project=project, kind=spec.bureau).exists():
            continue
        finding = services.finding_open(
            project=project, user=User.objects.get(username=spec.bureau),
            finding=services.FindingIn(
                kind=spec.bureau, issued_on=today, content=spec.content, rectification=spec.rectification,
                due_on=today + timedelta(days=30), reference=spec.reference,
            ),
        )  # fmt: skip
        if spec.answer:
            unit = User.objects.filter(organisation_id=project.unit_id, username__endswith="_unit").first()
            services.finding_answer(project=project, user=unit, finding=finding, answer=spec.answer)
        opened += 1
    return opened
