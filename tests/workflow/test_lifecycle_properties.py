"""Random sequences of actions by random demo people keep the lifecycle's invariants:
- a state moves only along a declared transition, taken by its declared actor role (and, for a
  unit's roles, a person of the project's unit);
- every state change has exactly one audit event, and the events chain from state to state;
- no project is past listing without a list code (第十二条);
- every project's recorded dates respect the declared order (govit.policy.chronology): none in the
  future, none before the step it follows. Time passes between the steps (`wait`), and the dates
  people type are drawn around today: the same day, a day before or after, before 1950.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from tests.fixtures.projects import CHAPTERS, FORM, deliver_as_approved

from govit import clock
from govit.acceptance.models import BuiltSystem
from govit.approvals import selectors as approvals_selectors
from govit.construction import selectors as construction_selectors
from govit.construction import services as construction_services
from govit.documents import services as documents_services
from govit.documents.models import DocumentKind
from govit.funds import services as funds_services
from govit.projects import chronology, errors, services
from govit.projects.models import Project, ProjectEvent
from govit.workflow import engine
from govit.workflow.lifecycle import STATE_BY_CODE, TRANSITIONS

PEOPLE = [
    "jiaowei_unit",
    "jiaowei_leader",
    "jfb_unit",
    "jfb_leader",
    "bdb",
    "lg_office",
    "drc",
    "finance",
    "expert1",
    "sysadmin",
]
CODES = sorted({t.code for t in TRANSITIONS}) + ["no_such_action"]
DECLARED = {(t.code, source, t.target) for t in TRANSITIONS for source in t.sources}
AMOUNTS = [
    "199999.99",
    "200000.00",
    "200000.01",
    "999999.99",
    "1000000.00",
    "10000000.00",
    "10000000.01",
    "1200万",
]


def _a_date(data) -> str:
    """Mostly today; sometimes a day either side of it, or a slip before 1950 (the engine judges)."""
    offset = data.draw(st.sampled_from([0, 0, 0, -1, 1, -30, None]))
    day = date(1949, 12, 31) if offset is None else clock.today() + timedelta(days=offset)
    return day.isoformat()


def _inputs_for(project: Project, code: str, data) -> dict:
    """Valid-looking inputs for whichever declared transition `code` is (the engine judges)."""
    declared = next((t for t in TRANSITIONS if t.code == code), None)
    inputs = {}
    document_ids = list(project.documents.values_list("pk", flat=True))
    for field in declared.inputs if declared else ():
        if field.type == "date":
            inputs[field.name] = _a_date(data)
        elif field.type == "money":  # lines that add up: 300万 = 100万 × 3
            inputs[field.name] = "300万" if field.name == "approved_total" else "100万"
        elif field.type == "bool":
            inputs[field.name] = data.draw(st.booleans()) or (
                field.name.endswith("_ok") and data.draw(st.booleans())
            )
        elif field.type == "document":
            inputs[field.name] = document_ids[0] if document_ids else ""
        else:
            inputs[field.name] = "意见：渝中发改投〔2026〕1号" if field.name == "document_number" else "同意"
    if "document_number" in inputs:
        inputs["document_number"] = "渝中发改投〔2026〕1号"
    return inputs


class Lifecycle(RuleBasedStateMachine):
    projects = Bundle("projects")

    def __init__(self):
        super().__init__()
        # Each run starts in September 2026 (before the yearly deadline); `wait` moves time on.
        self.traveller = time_machine.travel("2026-09-15 10:00 +0800", tick=False)
        self.shifter = self.traveller.start()
        self.people = {p.username: p for p in _people()}
        self.mine: list[int] = []
        self.last_state: dict[int, str] = {}
        self.transition_events: dict[int, int] = {}

    @initialize(target=projects)
    def first_project(self):
        return self._create("jiaowei_unit", "continuation", "500万", False)

    @precondition(lambda self: len(self.mine) < 4)
    @rule(
        target=projects,
        unit=st.sampled_from(["jiaowei_unit", "jfb_unit"]),
        work_type=st.sampled_from(["new", "continuation", "upgrade", "service_purchase", "maintenance"]),
        amount=st.sampled_from(AMOUNTS),
        urgent=st.booleans(),
    )
    def create(self, unit, work_type, amount, urgent):
        return self._create(unit, work_type, amount, urgent)

    def _create(self, unit, work_type, amount, urgent):
        data = {**FORM, "work_type": work_type, "amount": amount, "urgent": urgent}
        if urgent:
            data |= {
                "urgent_body": "区政府常务会议",
                "urgent_on": "2026-09-01",
                "urgent_decision": "同意",
                "urgent_ref": "纪要1号",
            }
        project = services.project_create(user=self.people[unit], application=services.Application(**data))
        if project.is_new:
            services.proposal_update(project=project, user=self.people[unit], chapters=CHAPTERS)
        self.mine.append(project.pk)
        self.last_state[project.pk] = project.state
        self.transition_events[project.pk] = 0
        return project.pk

    @rule(pk=projects, steps=st.integers(1, 8), data=st.data())
    def advance(self, pk, steps, data):
        """Someone who may act does, several times (mostly with what the step asks for in place):
        the walk reaches the approvals, not only the first steps."""
        for _ in range(steps):
            self._advance_once(pk, data)

    def _advance_once(self, pk, data):
        project = Project.objects.get(pk=pk)
        candidates = [
            (username, t.code)
            for username, person in sorted(self.people.items())
            for t in engine.transitions_for(project)
            if engine.may_act(person, project, t)
        ]
        if not candidates:
            return
        person, code = data.draw(st.sampled_from(candidates))
        if data.draw(st.integers(0, 4)):  # usually, prepare what the step asks for
            self._prepare(project, code)
        self.act(pk, person, code, data)

    def _prepare(self, project, code):
        unit = next(
            u for u in self.people.values() if u.organisation_id == project.unit_id and u.has_role("unit")
        )
        transition = next(t for t in engine.transitions_for(project) if t.code == code)
        kinds = list(transition.documents)
        if "extra_approvals_present" in transition.guards:
            kinds += ["energy_assessment", "site_selection", "land_pre_review", "eia"]
        for kind in kinds:
            self._upload(project, unit, kind)
        if "preparer_recorded" in transition.guards:
            preparer = self.people["agency_design"].organisation
            services.preparer_set(
                project=project, user=unit, preparer=preparer, qualification="甲级", contact=""
            )
        if transition.inputs and any(i.type == "document" for i in transition.inputs):
            self._upload(project, self.people["drc"], "approval")
        if code == "start_construction":
            self._baseline_and_contracts(project, unit)
        if code == "initial_acceptance" and construction_selectors.active_baseline(project):
            deliver_as_approved(project, unit)

    def _baseline_and_contracts(self, project, unit):
        approval = approvals_selectors.current_approval(project)
        if approval is None or construction_selectors.active_baseline(project):
            return
        total = approval.approved_total or Decimal(1)
        construction_services.baseline_set(
            project=project, user=unit, items=[construction_selectors.LineIn("平台", Decimal(1), total)]
        )
        for kind in ("construction", "supervision"):
            self._upload(project, unit, "contract")
            contract = construction_services.contract_record(
                project=project, user=unit, contract=construction_services.ContractIn(**{
                    "kind": kind, "number": f"HT-{project.pk}-{kind}", "title": "合同", "supplier": "某公司",
                    "amount": Decimal("1.00"), "signed_on": clock.today(),
                    "document_id": project.documents.filter(kind="contract").values_list("pk", flat=True).last(),
                }),
            )  # fmt: skip
            construction_services.contract_file(contract=contract, user=unit)

    def teardown(self):
        self.traveller.stop()

    @rule(days=st.sampled_from([1, 7, 31, 62]))
    def wait(self, days):
        """Time passes: a trial run can last its two months, a late application can come."""
        self.shifter.shift(timedelta(days=days))

    @rule(
        pk=projects,
        amount=st.sampled_from(["0.01", "100000.00", "1000000.00", "99999999.99"]),
        back=st.sampled_from([0, 1, 10, -1]),
    )
    def pay(self, pk, amount, back):
        """Finance pays; a payment past the approved budget, before its approval or in the future is
        refused."""
        try:
            funds_services.disbursement_record(
                project=Project.objects.get(pk=pk), user=self.people["finance"],
                paid_on=clock.today() - timedelta(days=back), amount=Decimal(amount), purpose="进度款", voucher="PZ",
            )  # fmt: skip
        except errors.ActionError:
            pass

    @staticmethod
    def _upload(project, user, kind):
        documents_services.document_upload(
            project=project, user=user, kind=kind,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        )  # fmt: skip

    @rule(pk=projects, person=st.sampled_from(PEOPLE), code=st.sampled_from(CODES), data=st.data())
    def act(self, pk, person, code, data):
        """Anyone tries anything: most of it is refused, and a refusal changes nothing."""
        project = Project.objects.get(pk=pk)
        before = project.state
        try:
            after = engine.perform(
                project=project, user=self.people[person], code=code, inputs=_inputs_for(project, code, data)
            )
        except errors.ActionError:
            assert Project.objects.get(pk=pk).state == before  # a refusal changes nothing
            return
        assert (code, before, after.state) in DECLARED
        self.transition_events[pk] += 1
        self.last_state[pk] = after.state

    @rule(
        pk=projects,
        person=st.sampled_from(["jiaowei_unit", "jfb_unit", "drc"]),
        kind=st.sampled_from(DocumentKind.values),
    )
    def upload(self, pk, person, kind):
        try:
            self._upload(Project.objects.get(pk=pk), self.people[person], kind)
        except errors.ActionError:
            pass

    @rule(pk=projects, person=st.sampled_from(["jiaowei_unit", "jfb_unit"]))
    def record_preparer(self, pk, person):
        project = Project.objects.get(pk=pk)
        preparer = self.people["agency_design"].organisation
        try:
            services.preparer_set(
                project=project, user=self.people[person], preparer=preparer, qualification="甲级", contact=""
            )
        except errors.ActionError:
            pass

    @invariant()
    def states_move_only_by_declared_transitions_each_with_one_event(self):
        for pk in self.mine:
            project = Project.objects.get(pk=pk)
            assert project.state == self.last_state[pk]
            events = [
                e for e in ProjectEvent.objects.filter(project_id=pk).order_by("seq") if e.is_transition
            ]
            assert len(events) == self.transition_events[pk]
            state = "draft"
            for event in events:
                assert event.from_state == state
                assert (event.action, event.from_state, event.to_state) in DECLARED
                state = event.to_state
            assert state == project.state

    @invariant()
    def nobody_acts_outside_their_role(self):
        for event in ProjectEvent.objects.filter(project_id__in=self.mine).select_related("actor", "project"):
            if not event.is_transition:
                continue
            assert event.actor.has_role(event.role)
            declared = {
                t.actor for t in TRANSITIONS if t.code == event.action and event.from_state in t.sources
            }
            assert event.role in declared
            if event.role in ("unit", "unit_leader"):
                assert event.actor.organisation_id == event.project.unit_id

    @invariant()
    def funds_never_exceed_the_approved_budget(self):
        for pk in self.mine:
            project = Project.objects.get(pk=pk)
            paid = project.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
            approval = approvals_selectors.current_approval(project)
            assert paid <= (approval.approved_total if approval else Decimal(0))

    @invariant()
    def a_project_is_in_the_library_if_and_only_if_its_final_acceptance_is_filed_and_confirmed(self):
        for project in Project.objects.filter(pk__in=self.mine):
            in_library = BuiltSystem.objects.filter(project=project).exists()
            assert in_library == (project.state in {"delivered", "retired"})

    @invariant()
    def every_projects_dates_respect_the_declared_order(self):
        for project in Project.objects.filter(pk__in=self.mine):
            assert chronology.violations(project) == [], project.pk

    @invariant()
    def no_unlisted_project_is_past_listing(self):
        for project in Project.objects.filter(pk__in=self.mine):
            if STATE_BY_CODE[project.state].listed:
                assert project.list_code


def _people():
    from govit.accounts.models import User

    return User.objects.select_related("organisation").filter(username__in=[*PEOPLE, "agency_design"])


@pytest.mark.django_db
def test_random_actions_by_random_people_keep_the_lifecycles_invariants(demo):
    # Each run travels to its own start (Lifecycle.__init__) and lets time pass (`wait`).
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=15, stateful_step_count=40, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )  # fmt: skip
