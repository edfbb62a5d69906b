"""`govit manage populate`: a realistic district of a chosen size, written in bulk, for measuring.

Steps:
1. refuse unless the database holds no project and no event about one (a district is never
   populated on top of real work; the audit events `migrate` writes are continued from);
2. load the demo district's organisations and people (idempotent) and add generated units up to
   UNITS, each with a unit officer and a unit leader who cannot sign in (unusable password);
3. plan every project first (a few numbers each): its state, drawn by weight so that every state
   of the lifecycle appears, its route facts (category, path, amount) consistent with that state,
   and the dates of the transitions that brought it there (the shortest walk of the declared
   lifecycle from 草稿); plans are sorted by their start so that ids grow with time;
4. write the projects batch by batch (one transaction per batch): the projects, the records their
   state implies (leading-group decisions, approvals, contracts and their filing, payments, built
   systems in the library, evaluations), their timeline (ProjectEvent, SM3-chained per project as
   govit.projects.audit chains it) and the audit log: one copy of every project event and, to reach
   `events` in all, logins, logouts and exports, HMAC-SM3-chained with govit.audit.chain's payload
   and key, so that `govit manage audit_verify` passes; the chain's head row moves on at the end.

Everything random comes from one `random.Random(seed)`, and every date from `until`: the same seed
and `until` give the same database.
"""

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from govit import policy
from govit.acceptance.models import BuiltSystem
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role, encode_roles
from govit.accounts.services import demo_district_load
from govit.approvals.models import Approval, LeadingGroupDecision
from govit.audit import chain
from govit.audit.models import AuditEvent, AuditHead
from govit.construction.models import Contract
from govit.funds.models import Disbursement
from govit.operation.models import Evaluation
from govit.projects import policies
from govit.projects.audit import _payload as project_event_payload
from govit.projects.audit import sm3_hex
from govit.projects.models import Project, ProjectEvent
from govit.projects.populate_rows import (
    BATCH,
    DEFAULT_STEP_DAYS,
    EXTRA_UNITS,
    GIVEN,
    KINDS,
    NOT_EMPTY,
    ROW_BATCH,
    STEP_DAYS,
    SUBJECTS,
    SURNAMES,
    TRACKS,
    UNITS,
    WEIGHTS,
    NotEmpty,
    Plan,
    Result,
    Rows,
    _aware,
)  # fmt: skip
from govit.similar import index as similar_index
from govit.workflow.lifecycle import STATES, TRANSITIONS, Transition, applicable


def _walks() -> dict[tuple[str, str], list[Transition]]:
    """The shortest walk of the declared lifecycle from 草稿 to every state, for every track."""
    walks: dict[tuple[str, str], list[Transition]] = {}
    for track, (category, path, work_type, _) in TRACKS.items():
        new = work_type == "new"
        usable = [
            t for t in TRANSITIONS if applicable(t, path=path, new=new, urgent=False, category=category)
        ]
        seen = {"draft": []}
        frontier = ["draft"]
        while frontier:
            following = []
            for state in frontier:
                for t in usable:
                    if state in t.sources and t.target not in seen:
                        seen[t.target] = [*seen[state], t]
                        following.append(t.target)
            frontier = following
        for state, walk in seen.items():
            walks[(state, track)] = walk
    return walks


class Populator(Rows):
    def __init__(self, *, projects: int, events: int | None, seed: int, until: date,
                 progress: Callable[[str], None] | None = None) -> None:  # fmt: skip
        self.n = projects
        self.events = events if events is not None else 10 * projects
        self.rng = random.Random(seed)
        self.until = until
        self.progress = progress or (lambda message: None)
        self.result = Result()
        self.walks = _walks()
        self.key = chain.audit_key()
        self.calendar = policy.WorkCalendar.official()

    # --- 1–2: the district --------------------------------------------------------------------
    def check_empty(self) -> None:
        # `migrate` itself writes a few audit events (the holiday calendar's seed): the chain
        # continues from its head. Any project, or any trace of one, is real work.
        if (
            Project.objects.exists()
            or ProjectEvent.objects.exists()
            or AuditEvent.objects.exclude(project=None).exists()
        ):
            raise NotEmpty(NOT_EMPTY)

    def district(self) -> None:
        # The demo's people write nothing to the audit log (accounts are loaded, not acted on);
        # whatever they do write, the chain below continues from its head.
        demo_district_load()
        unit_kinds = ("department", "street", "committee", "institution")
        existing = set(Organisation.objects.values_list("name", flat=True))
        wanted = max(0, UNITS - Organisation.objects.filter(kind__in=unit_kinds).count())
        fresh = [name for name in EXTRA_UNITS if f"重庆市渝中区{name[1:]}" not in existing][:wanted]
        Organisation.objects.bulk_create(
            Organisation(code=f"gen-unit-{i + 1:02d}", name=f"重庆市渝中区{name[1:]}", short_name=name, kind="department")
            for i, name in enumerate(fresh)
        )  # fmt: skip
        self.units = list(Organisation.objects.filter(kind__in=unit_kinds, is_active=True).order_by("code"))
        self.result.units = len(self.units)
        people = []
        for org in self.units:
            for role, prefix, title in (
                (Role.UNIT, "unit", "经办人"),
                (Role.UNIT_LEADER, "leader", "负责人"),
            ):
                if not User.objects.filter(organisation=org, roles__contains=f",{role},").exists():
                    user = User(
                        username=f"{prefix}-{org.code}"[:64], name=f"{org.short_name or org.name}{title}",
                        organisation=org, roles=encode_roles([role]), must_change_password=False,
                    )  # fmt: skip
                    user.set_unusable_password()
                    people.append(user)
        User.objects.bulk_create(people, batch_size=ROW_BATCH)
        self.unit_people: dict[int, dict[str, User]] = {}
        for user in User.objects.filter(organisation__in=self.units).order_by("pk"):
            for role in (Role.UNIT, Role.UNIT_LEADER):
                if f",{role}," in user.roles:
                    self.unit_people.setdefault(user.organisation_id, {}).setdefault(str(role), user)
        self.officers = {
            role: User.objects.filter(roles__contains=f",{role},").order_by("pk").first()
            for role in ("bdb", "lg_office", "drc", "finance", "audit")
        }
        missing = [role for role, user in self.officers.items() if user is None]
        if missing:
            raise NotEmpty(f"演示人员缺少角色 {', '.join(missing)}")
        self.everyone = [*self.officers.values(), *(u for d in self.unit_people.values() for u in d.values())]
        self.preparer = Organisation.objects.filter(kind="agency").order_by("code").first()

    # --- 3: the plans -------------------------------------------------------------------------
    def plans(self) -> list[Plan]:
        rng = self.rng
        codes = [s.code for s in STATES]
        weights = [WEIGHTS[c] for c in codes]
        tracks_of = {c: [t for t in TRACKS if (c, t) in self.walks] for c in codes}
        plans = []
        for i in range(self.n):
            state = codes[i] if i < len(codes) else rng.choices(codes, weights)[0]
            track = rng.choice(tracks_of[state])
            walk = self.walks[(state, track)]
            gaps = [rng.randint(*STEP_DAYS.get(t.sources[0], DEFAULT_STEP_DAYS)) for t in walk]
            # An ended or delivered project may have ended years ago; one under way moved lately.
            idle = (
                rng.randint(0, 1500)
                if STATES[codes.index(state)].final or state == "delivered"
                else rng.randint(0, 40)
            )
            # (each step also adds up to 8 hours: a third of a day per step keeps the last one before `until`)
            first = self.until - timedelta(days=sum(gaps) + idle + rng.randint(1, 20) + len(walk) // 3 + 1)
            start = _aware(first, 0)
            at, moment = [], start
            for gap in gaps:
                moment += timedelta(days=gap, seconds=rng.randint(0, 8 * 3600))
                at.append(moment)
            low, high = TRACKS[track][3]
            amount = Decimal(rng.randint(low // 100, high // 100) * 100)
            subject = rng.choice(SUBJECTS)
            kind = "运维服务" if track == "om" else ("服务" if track == "service" else rng.choice(KINDS[:4]))
            people = tuple(
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN)) for _ in range(3)
            )
            plans.append(Plan(
                state=state, track=track, walk=walk, at=at, start=start, unit=rng.randrange(len(self.units)),
                amount=amount, name=f"{subject}{kind}（{i + 1}）", people=people,
            ))  # fmt: skip
        plans.sort(key=lambda plan: plan.start)
        return plans

    # --- 4: the writes ------------------------------------------------------------------------
    def run(self) -> Result:
        self.check_empty()
        self.district()
        plans = self.plans()
        planned_events = sum(len(p.walk) for p in plans)
        filler = max(0, self.events - planned_events)
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        self.seq, self.prev = head if head else (0, "")
        self.codes: Counter = Counter()
        batches = [plans[i : i + BATCH] for i in range(0, len(plans), BATCH)] or [[]]
        for number, batch in enumerate(batches):
            share = filler // len(batches) + (1 if number < filler % len(batches) else 0)
            with transaction.atomic():
                self._batch(batch, share)
            self.progress(
                f"{min((number + 1) * BATCH, self.n)}/{self.n} 个项目，审计事件 {self.result.audit_events}"
            )
        with transaction.atomic():
            AuditHead.objects.update_or_create(pk=1, defaults={"seq": self.seq, "hash": self.prev})
        return self.result

    def _batch(self, plans: list[Plan], filler: int) -> None:
        projects = [self._project(plan) for plan in plans]
        Project.objects.bulk_create(projects, batch_size=ROW_BATCH)
        records: dict[type, list] = {}
        events: list[ProjectEvent] = []
        for plan, project in zip(plans, projects, strict=True):
            self.result.states[plan.state] += 1
            for model, rows in self._records(plan, project).items():
                records.setdefault(model, []).extend(rows)
            events.extend(self._events(plan, project))
        for model in (LeadingGroupDecision, Approval, Contract, Disbursement, BuiltSystem, Evaluation):
            rows = records.get(model, [])
            model.objects.bulk_create(rows, batch_size=ROW_BATCH)
            self.result.records[model._meta.model_name] += len(rows)
        ProjectEvent.objects.bulk_create(events, batch_size=ROW_BATCH)
        audit = [self._copy(event) for event in events]
        if plans:
            low, high = plans[0].start, max(at for plan in plans for at in [plan.start, *plan.at])
        else:
            low = high = _aware(self.until, 0)
        audit += [self._filler(low, high) for _ in range(filler)]
        audit.sort(key=lambda event: event.at)
        for event in audit:
            self.seq += 1
            event.seq, event.prev_hash = self.seq, self.prev
            event.hash = self._seal(event)
            self.prev = event.hash
        AuditEvent.objects.bulk_create(audit, batch_size=ROW_BATCH)
        self.result.projects += len(projects)
        self.result.project_events += len(events)
        self.result.audit_events += len(audit)

    def _project(self, plan: Plan) -> Project:
        category, path, work_type, _ = TRACKS[plan.track]
        unit = self.units[plan.unit]
        reached = {t.code: at for t, at in zip(plan.walk, plan.at, strict=True)}
        form_day = plan.start.date()
        year = form_day.year + 1
        version = policies.in_force(form_day)
        project = Project(
            unit=unit, name=plan.name, leader_name=plan.people[0], leader_phone="023-6388" + f"{plan.unit:04d}",
            contact_name=plan.people[1], contact_phone=f"1390{plan.unit:03d}{len(plan.walk):04d}",
            category=category, reason=f"落实区委区政府关于{plan.name[:6]}的工作部署，解决业务系统分散、数据不通的问题。",
            summary=f"建设{plan.name}，包括业务应用、数据资源和运行保障。", expected_effect="提升业务办理效率和数据共享水平。",
            amount=plan.amount, funding_source="区级财政资金", progress=f"计划{year}年实施。",
            filler_name=plan.people[2], filler_phone=f"1380{plan.unit:03d}{int(plan.amount) % 10000:04d}",
            form_date=form_day, year=year, work_type=work_type, path=path, policy_id=version.id,
            fiscal_funding=True, it_system=True, excluded_purchase="none", state=plan.state,
            version=len(plan.walk), created_by=self.unit_people[unit.pk]["unit"], created_at=plan.start,
            state_since=plan.at[-1] if plan.at else plan.start,
        )  # fmt: skip
        if "confirm" in reached:
            project.submitted_at = reached["confirm"]
        if "list" in reached:
            self.codes[year] += 1
            project.list_code = f"YZ-{year}-{self.codes[year]:04d}"
            project.listed_at = reached["list"]
            project.funding_channel = policy.funding_channel(category=category, policy=version).code
        if {"submit_fsr", "submit_fsr_budget", "submit_design"} & set(reached):
            project.preparer = self.preparer
            project.preparer_qualification = "电子与智能化工程专业承包一级"
            project.preparer_contact = "赵工 023-63880000"
        if "initial_acceptance" in reached:
            project.trial_started_on = reached["initial_acceptance"].date()
        return project


def populate(*, projects: int, events: int | None = None, seed: int = 1, until: date,
             progress: Callable[[str], None] | None = None) -> Result:  # fmt: skip
    """Fill an empty database with a district of `projects` projects and `events` audit events
    (at least one per project event; by default ten per project). Raises NotEmpty otherwise."""
    if projects < 0 or (events is not None and events < 0):
        raise ValueError("项目数和审计事件数不能为负数。")
    result = Populator(projects=projects, events=events, seed=seed, until=until, progress=progress).run()
    similar_index.rebuild(progress=progress)  # the duplicate-construction index, as a real district has it
    return result


def pad_events(project: Project, count: int, *, until: datetime) -> None:
    """Append `count` note events to `project`'s own timeline, with their audit copies in the chain
    (for measuring a project page with a long history). One transaction per 5,000."""
    populator = Populator.__new__(Populator)
    populator.rng = random.Random(project.pk)
    populator.key = chain.audit_key()
    actor = project.created_by
    last = ProjectEvent.objects.filter(project=project).order_by("-seq").values_list("seq", "hash").first()
    seq, prev = last if last else (0, "")
    step = 5000
    for offset in range(0, count, step):
        with transaction.atomic():
            events = []
            for i in range(offset, min(count, offset + step)):
                seq += 1
                event = ProjectEvent(
                    project=project, seq=seq, action="note", label="补充说明", from_state=project.state,
                    to_state=project.state, actor=actor, organisation_id=actor.organisation_id, role="unit",
                    at=until - timedelta(minutes=count - i), inputs={"comment": f"第{seq}次补充说明。"},
                    article=None, clause=None, policy_id=project.policy_id, prev_hash=prev,
                )  # fmt: skip
                event.hash = sm3_hex(project_event_payload(event))
                prev = event.hash
                events.append(event)
            ProjectEvent.objects.bulk_create(events, batch_size=ROW_BATCH)
            head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
            audit_seq, audit_prev = head if head else (0, "")
            audit = [populator._copy(event) for event in events]
            for event in audit:
                audit_seq += 1
                event.seq, event.prev_hash = audit_seq, audit_prev
                event.hash = populator._seal(event)
                audit_prev = event.hash
            AuditEvent.objects.bulk_create(audit, batch_size=ROW_BATCH)
            AuditHead.objects.update_or_create(pk=1, defaults={"seq": audit_seq, "hash": audit_prev})


__all__ = ["NotEmpty", "Result", "pad_events", "populate"]
