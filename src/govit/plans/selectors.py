"""Reading the year's plans and the key projects as a person may: the bureaus (and the leading
group's office) every version; a unit only the approved version's lines of its own projects; anyone
else nothing. A line is shown only if its project is (`ProjectRecord.visible_to`): a project
classified after the version was composed is counted, never shown (第二十七条). The totals are
summed from the lines shown, so a withheld line's amount cannot be read off them."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from govit import clock
from govit.accounts.models import User
from govit.accounts.roles import BUREAU_ROLES, UNIT_ROLES
from govit.operation.models import Evaluation
from govit.plans.models import KeyDesignation, PlanLine, YearPlan
from govit.projects import policies
from govit.projects.models import Category, Project

ZERO = Decimal("0.00")


def reads_all(user: User) -> bool:
    """The bureaus read every version of every plan (the plan is the district's, 第五条)."""
    return bool(user.is_authenticated and user.role_set & BUREAU_ROLES)


def plans_visible_to(user: User) -> QuerySet[YearPlan]:
    if not (user.is_authenticated and user.is_active):
        return YearPlan.objects.none()
    if reads_all(user):
        return YearPlan.objects.all()
    if user.role_set & UNIT_ROLES and user.organisation_id:
        return YearPlan.objects.filter(state=YearPlan.State.APPROVED)
    return YearPlan.objects.none()


@dataclass
class Sum:
    label: str
    count: int = 0
    amount: Decimal = ZERO
    evaluation: dict | None = None

    def add(self, amount: Decimal) -> None:
        self.count += 1
        self.amount += amount


@dataclass
class PlanView:
    """A version as `user` reads it: its lines, the totals of those, what is withheld."""

    plan: YearPlan
    lines: list[PlanLine]
    withheld: int
    total: Sum = field(default_factory=lambda: Sum("合计"))
    by_category: list[Sum] = field(default_factory=list)
    by_unit: list[Sum] = field(default_factory=list)
    by_channel: list[Sum] = field(default_factory=list)


def channel_labels() -> dict[str, str]:
    """The funding channels' codes and labels (第十条), from the version in force."""
    rules = policies.in_force(clock.today())
    return {c["code"]: c["label"] for c in rules.funding_channels.values()}


def plan_view(user: User, plan: YearPlan, channels: dict[str, str]) -> PlanView:
    """Two queries: the lines shown (with their projects and units), and the count of all."""
    lines = PlanLine.objects.visible_to(user).filter(plan=plan).select_related("project", "unit")
    if not reads_all(user):  # a unit: its own lines only
        lines = lines.filter(unit_id=user.organisation_id)
    shown = list(lines.order_by("unit__name", "list_code", "pk"))
    withheld = plan.lines.count() - len(shown) if reads_all(user) else 0
    view = PlanView(plan, shown, withheld)
    categories: dict[str, Sum] = {}
    units: dict[int, Sum] = {}
    kinds: dict[str, Sum] = {}
    for line in shown:
        view.total.add(line.amount)
        categories.setdefault(line.category, Sum(Category(line.category).label)).add(line.amount)
        evaluation = plan.evaluations.get(str(line.unit_id))
        units.setdefault(line.unit_id, Sum(line.unit.display_name, evaluation=evaluation)).add(line.amount)
        label = channels.get(line.funding_channel, line.funding_channel or "（未定）")
        kinds.setdefault(line.funding_channel, Sum(label)).add(line.amount)
    view.by_category = [categories[c] for c in Category.values if c in categories]
    view.by_unit = sorted(units.values(), key=lambda s: s.label)
    view.by_channel = list(kinds.values())
    return view


def current_approved(year: int) -> YearPlan | None:
    return YearPlan.objects.filter(year=year, state=YearPlan.State.APPROVED).first()


@dataclass
class KeyRow:
    project: Project
    designation: KeyDesignation
    latest: Evaluation | None
    done: bool


def key_projects(user: User, year: int) -> list[KeyRow]:
    """The key projects `user` may see, each with the BDB's latest key-project evaluation and whether
    that of `year` is recorded (第二十六条): two queries, whatever their number."""
    by_bdb = Evaluation.objects.filter(project=OuterRef("pk"), by=Evaluation.By.BDB)
    projects = list(
        Project.objects.visible_to(user)
        .filter(key_project=True)
        .select_related("unit", "key_designation")
        .annotate(
            latest_bdb=Subquery(by_bdb.order_by("-year", "-pk").values("pk")[:1]),
            done=Exists(by_bdb.filter(year=year)),
        )
        .order_by("-year", "list_code", "pk")
    )
    wanted = [p.latest_bdb for p in projects if p.latest_bdb]
    latest = {e.pk: e for e in Evaluation.objects.filter(pk__in=wanted)} if wanted else {}
    return [KeyRow(p, p.key_designation, latest.get(p.latest_bdb), p.done) for p in projects]


def lines_offered(user: User, plan: YearPlan) -> list[PlanLine]:
    """The lines the leading group may designate as key projects: those not key already."""
    lines = PlanLine.objects.visible_to(user).filter(plan=plan, project__key_project=False)
    return list(lines.select_related("project", "unit").order_by("unit__name", "list_code", "pk"))
