"""The route before construction (第九至十五条) and supervision (第十八条): the steps a project
goes through from application to the approval that releases it, and why.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from govit.policy.answers import Basis, compare, wan_text
from govit.policy.classification import check_category, funding_channel
from govit.policy.versions import Policy
from govit.policy.wording import separate_term
from govit.workflow.lines import route_steps

# --- 第九至十五条、第十八条: the route before construction -----------------------------------------


@dataclass(frozen=True)
class RouteStep:
    code: str
    actor: str
    article: int
    label: str
    actor_label: str


@dataclass(frozen=True)
class Route:
    category: str
    amount: Decimal
    policy: str
    path: str
    funding_channel: str
    needs_proposal: bool
    needs_leading_group: bool
    needs_third_party_design: bool
    supervision_required: bool
    extra_approvals: list[str]
    steps: list[RouteStep]
    basis: list[Basis] = field(default_factory=list)

    @property
    def step_codes(self) -> list[str]:
        return [s.code for s in self.steps]


def route(
    *,
    category: str,
    amount: Decimal,
    new: bool = False,
    civil_works: bool = False,
    high_energy: bool = False,
    needs_procurement: bool = False,
    urgent: bool = False,
    policy: Policy,
) -> Route:
    """Everything a project must go through from application to the approval that releases it.
    The steps are the lifecycle's (declared once, in govit.workflow.lifecycle) for these facts."""
    check_category(category)
    basis: list[Basis] = []

    channel = funding_channel(category=category, policy=policy)
    basis += channel.basis

    if urgent:
        basis.append(
            Basis(11, "急需项目已按区委区政府议事规则审议，由区大数据发展局列入清单，无需领导小组审议")
        )
    elif new:
        basis.append(Basis(9, "新建项目须编制项目建议书，经区云长制领导小组审议通过后纳入清单"))
    else:
        basis.append(Basis(9, "非新建项目填报申报表，由区大数据发展局审核汇总后纳入清单，无需项目建议书"))

    path, path_basis = _path(policy, category, amount, needs_procurement)
    basis += path_basis
    third_party = bool(policy.paths[path]["steps"])
    if third_party:
        why = "纳入区级投资项目" if category == "construction" else "需进行政府采购"
        basis.append(Basis(13, f"{why}，须委托具有资质的第三方专业机构编制初步设计及概（预）算方案", 1))

    supervised = supervision(amount=amount, policy=policy)
    basis += supervised.basis

    extra: list[str] = []
    if civil_works or high_energy:
        extra = list(policy.extra_approvals)
        why = "、".join(x for x, on in (("新建土建工程", civil_works), ("高耗能", high_energy)) if on)
        names = "、".join(policy.extra_approvals.values())
        basis.append(Basis(policy.extra_approvals_article, f"项目涉及{why}，须办理{names}审批"))

    steps = [
        RouteStep(s.code, s.actor, s.article, s.label, policy.actors[s.actor])
        for s in (policy.steps[code] for code in route_steps(path=path, new=new, urgent=urgent))
    ]
    return Route(
        category=category,
        amount=amount,
        policy=policy.id,
        path=path,
        funding_channel=channel.code,
        needs_proposal=new,
        needs_leading_group=new and not urgent,
        needs_third_party_design=third_party,
        supervision_required=supervised.required,
        extra_approvals=extra,
        steps=steps,
        basis=basis,
    )


def _path(policy: Policy, category: str, amount: Decimal, needs_procurement: bool) -> tuple[str, list[Basis]]:
    """Which sentence of 第十三条 the project follows."""
    if category == "construction":
        limit = policy.thresholds["combined_path_limit"]
        comparison = compare(limit, amount, wan_text(amount), wan_text(limit.limit))
        if limit.holds(amount):
            reason = (
                f"总投资 {comparison}，属{limit.term}的建设类项目：编制可研报告及概算方案（代初步设计），"
                "区大数据发展局审核，区发改委审批"
            )
            return "combined", [Basis(13, reason, limit.clause)]
        reason = (
            f"总投资 {comparison}，属{separate_term(policy)}的建设类项目：区发改委先批可研报告，"
            "再编初步设计及概算方案，区大数据发展局审核后由区发改委审批"
        )
        return "separate", [Basis(13, reason, limit.clause)]
    if category == "service":
        reason = "购买服务类项目：区大数据发展局审核初步设计，项目单位按财政部令第87号编审预算方案，无需区发改委审批"
        return "service", [Basis(13, reason, 3)]
    if needs_procurement and policy.om_procurement_follows_service:
        reason = "运维类项目需进行政府采购，参照购买服务类流程：编制初步设计并由区大数据发展局审核，按财政部令第87号编审预算"
        return "service", [Basis(13, reason, 1)]
    return "om_budget", [
        Basis(10, "运维类项目资金从部门预算中列支，不需第三方编制初步设计，纳入清单后即可实施")
    ]


@dataclass(frozen=True)
class Supervision:
    required: bool
    basis: list[Basis]


def supervision(*, amount: Decimal, policy: Policy) -> Supervision:
    """第十八条: at or above the version's amount, a qualified IT supervision agency in principle."""
    threshold = policy.thresholds["supervision"]
    comparison = compare(threshold, amount, wan_text(amount), wan_text(threshold.limit))
    if threshold.holds(amount):
        reason = f"金额 {comparison}，原则上应引入具有资质的信息化专业监理机构；确不引入的须说明理由并经区大数据发展局认可"
        return Supervision(True, [Basis(18, reason)])
    return Supervision(False, [Basis(18, f"金额 {comparison}，未达{threshold.term}，不强制引入监理")])
