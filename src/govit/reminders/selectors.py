"""What falls due, and for whom (R8.2); the person's reminders.

`due_items(today)` asks each source in turn. A source is a small function of `today` that returns
`DueItem`s in a fixed number of queries (its rows, then the people of all their units at once),
so the command costs the same for 5 contracts as for 5000. A new source (security assessments,
evaluations) is one more function in `SOURCES`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from govit import policy
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.construction.models import Contract
from govit.operation.selectors import (
    evaluated_year,
    evaluation_due,
    evaluations_missing,
    security_assessments_due,
)
from govit.policy.construction import reminder_dates
from govit.policy.versions import cite
from govit.policy.wording import terms
from govit.projects import policies
from govit.projects.models import Project
from govit.reminders.models import Kind, Reminder
from govit.steering.selectors import systems_without_om
from govit.workflow.lifecycle import EDITABLE, sources_of


@dataclass(frozen=True)
class Notice:
    """One reminder of a due item: sent on `day` to `recipients`, worth sending until `until`
    (None: still true after the due date, such as "you may now apply")."""

    lead_days: int
    day: date
    until: date | None
    recipients: tuple[User, ...]
    title: str
    body: str
    by_email: bool = True


@dataclass(frozen=True)
class DueItem:
    kind: Kind
    subject: str
    due: date
    project: Project | None
    notices: tuple[Notice, ...]

    @property
    def recipients(self) -> set[User]:
        return {person for notice in self.notices for person in notice.recipients}

    def notice_for(self, today: date) -> Notice | None:
        """The notice to have sent by `today`: the latest one whose day has come and which is still
        true. Only the latest, so a missed day is caught up once, not once per missed day."""
        current = [n for n in self.notices if n.day <= today and (n.until is None or today <= n.until)]
        return max(current, key=lambda n: n.day, default=None)


def _in_days(lead: int) -> str:
    return "今日到期" if lead == 0 else f"还有{lead}天到期"


def _people(role: Role, organisation_ids: Iterable[int] | None = None) -> dict[int | None, list[User]]:
    """Active people holding `role`, by organisation: one query."""
    people = User.objects.with_role(role).filter(is_active=True)
    if organisation_ids is not None:
        people = people.filter(organisation_id__in=set(organisation_ids))
    by_org: dict[int | None, list[User]] = defaultdict(list)
    for person in people.order_by("pk"):
        by_org[person.organisation_id].append(person)
    return by_org


def _bdb_people() -> tuple[User, ...]:
    return tuple(person for people in _people(Role.BDB).values() for person in people)


def _leads(due: date, rules: policy.Policy) -> list[tuple[int, date]]:
    return [((due - day).days, day) for day in reminder_dates(due=due, policy=rules)]


# --- Sources ------------------------------------------------------------------------------------


def next_call_year(today: date, rules: policy.Policy | None = None) -> int:
    """The year whose application deadline (第九条, a day of the year before) is today or ahead,
    under `rules` (by default the version in force today)."""
    rules = rules or policies.in_force(today)
    year = today.year + 1
    if today > policy.application_deadline(year=year, policy=rules).deadline:
        year += 1
    return year


def application_deadline_items(today: date) -> list[DueItem]:
    """第九条: drafts (and returned applications) of the next call not yet submitted; to the unit.
    Each project's call and deadline are its own version's (R9.4): a draft under an earlier
    version keeps the deadline it was started under."""
    candidates = Project.objects.filter(
        year__in=(today.year + 1, today.year + 2), state__in=EDITABLE, submitted_at__isnull=True, urgent=False
    ).select_related("unit")
    projects = [p for p in candidates if p.year == next_call_year(today, policies.of(p))]
    units = _people(Role.UNIT, (p.unit_id for p in projects))
    items = []
    for project in projects:
        rules, year = policies.of(project), project.year
        answer = policy.application_deadline(year=year, policy=rules)
        reason = f"{answer.basis[0].reason}（{cite(answer.basis[0].article)}）"
        notices = tuple(
            Notice(
                lead,
                day,
                answer.deadline,
                tuple(units[project.unit_id]),
                f"{year}年度申报{_in_days(lead)}：《{project.name}》尚未报送",
                f"项目《{project.name}》尚未报送区大数据发展局。{reason}。逾期申报须经区大数据发展局同意受理。",
            )
            for lead, day in _leads(answer.deadline, rules)
        )
        items.append(
            DueItem(Kind.APPLICATION_DEADLINE, f"project:{project.pk}", answer.deadline, project, notices)
        )
    return items


def contract_filing_items(today: date) -> list[DueItem]:
    """第十六条第二款: contracts not filed; to the unit before and on the due date, and once after
    it to the unit and the BDB."""
    horizon = today + timedelta(days=policies.longest_lead())
    contracts = list(
        Contract.objects.filter(filed_on__isnull=True, filing_due__lte=horizon).select_related(
            "project", "project__unit"
        )
    )
    units = _people(Role.UNIT, (c.project.unit_id for c in contracts))
    bdb = _bdb_people() if any(c.filing_due < today for c in contracts) else ()
    items = []
    for contract in contracts:
        project, due = contract.project, contract.filing_due
        rules = policies.of(project)  # the version the project was applied under (R9.4)
        period = rules.periods["contract_filing"]
        rule = f"{cite(period['article'], period['clause'])}：{terms(rules).filing}"
        unit = tuple(units[project.unit_id])
        provisional = "（截止日按周一至周五临时推算）" if contract.filing_due_provisional else ""
        body = f"项目《{project.name}》的合同《{contract.title}》（{contract.number}）于 {contract.signed_on.isoformat()} 签订，"
        notices = [
            Notice(
                lead,
                day,
                due,
                unit,
                f"合同备案{_in_days(lead)}：《{contract.title}》",
                f"{body}应于 {due.isoformat()} 前报区大数据发展局备案（{rule}）{provisional}。",
            )
            for lead, day in _leads(due, rules)
        ]
        notices.append(
            Notice(
                -1,
                due + timedelta(days=1),
                None,
                unit + tuple(bdb),
                f"合同备案已逾期：《{contract.title}》",
                f"{body}备案期限 {due.isoformat()} 已过，合同复印件尚未报区大数据发展局备案（{rule}）。"
                "逾期备案仍可办理，将记为逾期备案。",
            )
        )
        items.append(DueItem(Kind.CONTRACT_FILING, f"contract:{contract.pk}", due, project, tuple(notices)))
    return items


def filing_confirmation_items(today: date) -> list[DueItem]:
    """Filed contracts the BDB has not confirmed yet: an in-app to-do for the BDB, once."""
    contracts = list(
        Contract.objects.filter(filed_on__isnull=False, filing_confirmed_at__isnull=True).select_related(
            "project"
        )
    )
    bdb = _bdb_people() if contracts else ()
    items = []
    for contract in contracts:
        project = contract.project
        late = "（逾期备案）" if contract.filed_late else ""
        notice = Notice(
            0,
            contract.filed_on,
            None,
            tuple(bdb),
            f"合同备案待确认：《{contract.title}》",
            f"项目《{project.name}》的合同《{contract.title}》（{contract.number}）已于 "
            f"{contract.filed_on.isoformat()} 报备{late}，请确认备案（{cite(16, 2)}）。",
            by_email=False,
        )
        items.append(
            DueItem(
                Kind.FILING_CONFIRMATION, f"contract:{contract.pk}", contract.filed_on, project, (notice,)
            )
        )
    return items


def trial_run_items(today: date) -> list[DueItem]:
    """第二十三条: the version's months of trial run; before the day, and on it "you may now apply"."""
    projects = list(
        Project.objects.filter(
            state__in=sources_of("apply_compliance"), trial_started_on__isnull=False
        ).select_related("unit")
    )
    units = _people(Role.UNIT, (p.unit_id for p in projects))
    items = []
    for project in projects:
        rules = policies.of(project)
        answer = policy.trial_ready(start=project.trial_started_on, policy=rules)
        due, basis = answer.earliest_application, answer.basis[0]
        started = f"项目《{project.name}》试运行自 {project.trial_started_on.isoformat()} 开始，"
        article = cite(basis.article, basis.clause)
        recipients = tuple(units[project.unit_id])
        notices = [
            Notice(
                lead,
                day,
                due,
                recipients,
                f"试运行{lead}天后满{answer.months}个月：《{project.name}》",
                f"{started}将于 {due.isoformat()} 满{answer.months}个月，届时可向区大数据发展局申请合规性审查（{article}）。",
            )
            for lead, day in _leads(due, rules)
            if lead > 0
        ]
        notices.append(
            Notice(
                0,
                due,
                None,
                recipients,
                f"试运行期满，可申请合规性审查：《{project.name}》",
                f"{started}已满{answer.months}个月，自 {due.isoformat()} 起可向区大数据发展局申请合规性审查（{article}）。",
            )
        )
        items.append(DueItem(Kind.TRIAL_RUN, f"project:{project.pk}", due, project, tuple(notices)))
    return items


def security_assessment_items(today: date) -> list[DueItem]:
    """第十九条: the next assessment of each kind falls due (R4.7); to the unit, and when overdue to
    the CAC (区网信办 supervises network security, 第七条)."""
    horizon = today + timedelta(days=policies.longest_lead())
    assessments = list(security_assessments_due(until=horizon))
    units = _people(Role.UNIT, (a.project.unit_id for a in assessments))
    cac = tuple(p for people in _people(Role.CAC).values() for p in people) if assessments else ()
    items = []
    for assessment in assessments:
        project, due = assessment.project, assessment.next_due
        rules = policies.of(project)
        label = rules.security_assessments.get(assessment.kind, {}).get("label", assessment.kind)
        unit = tuple(units[project.unit_id])
        body = f"项目《{project.name}》上次{label}于 {assessment.done_on.isoformat()} 完成，"
        notices = [
            Notice(lead, day, due, unit, f"{label}{_in_days(lead)}：《{project.name}》",
                   f"{body}下次应于 {due.isoformat()} 前完成（{cite(19)}：定期开展网络安全检测与风险评估）。")
            for lead, day in _leads(due, rules)
        ]  # fmt: skip
        notices.append(
            Notice(-1, due + timedelta(days=1), None, unit + cac, f"{label}已逾期：《{project.name}》",
                   f"{body}应于 {due.isoformat()} 前再次测评，现已逾期（{cite(19)}）。")
        )  # fmt: skip
        items.append(
            DueItem(Kind.SECURITY_ASSESSMENT, f"security:{assessment.pk}", due, project, tuple(notices))
        )
    return items


def evaluation_items(today: date) -> list[DueItem]:
    """第二十六条: each delivered system's self-evaluation of last year, due by the day the policy
    file gives (our reading); to the unit."""
    year = evaluated_year(today)
    projects = list(evaluations_missing(year=year))
    units = _people(Role.UNIT, (p.unit_id for p in projects))
    items = []
    for project in projects:
        rules = policies.of(project)  # each version names its own due day and lead days
        due = evaluation_due(year, rules)
        if today > due or today < due - timedelta(days=max(rules.reminder_lead_days)):
            continue
        items.append(DueItem(Kind.EVALUATION, f"evaluation:{project.pk}:{year}", due, project, tuple(
            Notice(lead, notice_day, due, tuple(units[project.unit_id]),
                   f"{year}年度绩效自评{_in_days(lead)}：《{project.name}》",
                   f"请于 {due.isoformat()} 前完成项目《{project.name}》{year}年度绩效自评"
                   f"（{cite(26)}：评价结果作为下一年度安排投资和运维经费的重要依据）。")
            for lead, notice_day in _leads(due, rules)
        )))  # fmt: skip
    return items


def om_application_items(today: date) -> list[DueItem]:
    """第二十五条、第二十六条 (R5.6): each system in service without an O&M application for the next
    call's year; to its unit, on the lead days before the call's deadline (第九条)."""
    rules = policies.in_force(today)
    year = next_call_year(today, rules)
    due = policy.application_deadline(year=year, policy=rules).deadline
    systems = list(systems_without_om(year))
    units = _people(Role.UNIT, (s.unit_id for s in systems))
    return [DueItem(Kind.OM_APPLICATION, f"om:{s.pk}:{year}", due, s.project, tuple(
        Notice(lead, day, due, tuple(units[s.unit_id]), f"{year}年度运维申报{_in_days(lead)}：《{s.name}》",
               f"已建系统《{s.name}》尚未申报{year}年度运行维护项目，请于 {due.isoformat()} 前申报（{cite(25)}；"
               f"{cite(26)}：绩效评价结果作为安排运维经费的重要依据，每个系统每年申报一次）。")
        for lead, day in _leads(due, rules)
    )) for s in systems]  # fmt: skip


# Each asks the database a fixed number of times.
SOURCES: tuple[Callable[[date], list[DueItem]], ...] = (
    application_deadline_items,
    contract_filing_items,
    filing_confirmation_items,
    trial_run_items,
    security_assessment_items,
    evaluation_items,
    om_application_items,
)


def due_items(today: date) -> list[DueItem]:
    """Everything with a due date that may need a reminder around `today`, with its recipients;
    of a classified project, only to the people cleared for it (第二十七条)."""
    return _cleared([item for source in SOURCES for item in source(today)])


def cleared_people(project: Project) -> list[User]:
    """Whom a classified project's reminder may go to (第二十七条): its unit's leaders and the BDB
    officers designated for it, active and (the officers) still of the BDB."""
    leaders = _people(Role.UNIT_LEADER, [project.unit_id]).get(project.unit_id, [])
    officers = project.secrecy_officers.with_role(Role.BDB).filter(is_active=True).order_by("pk")
    return [*leaders, *(o for o in officers if o not in leaders)]


def _cleared(items: list[DueItem]) -> list[DueItem]:
    """A classified project's reminders name it: they go to its unit's leaders and its designated
    BDB officers only (R6.2), never to the others its kind of reminder goes to. Two queries."""
    classified = {
        item.project.pk: item.project for item in items if item.project and item.project.is_classified
    }
    if not classified:
        return items
    leaders = _people(Role.UNIT_LEADER, {p.unit_id for p in classified.values()})
    cleared = {pk: {u.pk for u in leaders[p.unit_id]} for pk, p in classified.items()}
    officers = Project.secrecy_officers.through.objects.filter(project_id__in=classified)
    for project_id, user_id in officers.values_list("project_id", "user_id"):
        cleared[project_id].add(user_id)
    kept = []
    for item in items:
        if item.project is None or item.project.pk not in cleared:
            kept.append(item)
            continue
        allowed = cleared[item.project.pk]
        notices = tuple(
            replace(notice, recipients=tuple(p for p in notice.recipients if p.pk in allowed))
            for notice in item.notices
        )
        kept.append(replace(item, notices=tuple(n for n in notices if n.recipients)))
    return kept


# --- The person's reminders ---------------------------------------------------------------------


def reminders_for(user: User) -> QuerySet[Reminder]:
    """The person's own reminders: unread first, then by due date; none of a classified project
    the person is not cleared for (第二十七条)."""
    withheld = Project.objects.exclude(Project.objects.cleared_for(user))
    return (
        Reminder.objects.filter(recipient_id=user.pk)
        .exclude(project__in=withheld)
        .select_related("project")
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "due", "-lead_days", "pk")
    )


def unread_count(user: User) -> int:
    """For the navigation: how many of the person's reminders are unread (one query)."""
    if not user.is_authenticated:
        return 0
    withheld = Project.objects.exclude(Project.objects.cleared_for(user))
    return (
        Reminder.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .exclude(project__in=withheld)
        .count()
    )
