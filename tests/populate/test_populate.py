"""`govit manage populate` on a small district: every state with the records it implies, timelines
that follow the declared lifecycle, an audit log that verifies, every constraint and validator held,
a database with projects refused, and the same seed giving the same district."""

from collections import Counter
from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from govit.acceptance.models import BuiltSystem
from govit.accounts.models import Organisation
from govit.accounts.services import demo_district_load
from govit.approvals.models import Approval, LeadingGroupDecision
from govit.audit.models import AuditEvent, AuditHead, AuditVerification, Kind
from govit.construction.models import Contract
from govit.funds.models import Disbursement
from govit.operation.models import Evaluation
from govit.projects.audit import first_broken_link
from govit.projects.models import Project, ProjectEvent
from govit.projects.populate import UNITS, pad_events, populate
from govit.workflow.lifecycle import STATE_BY_CODE, STATES, TRANSITIONS

UNTIL = date(2026, 11, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(settings, tmp_path, fast_password_hasher) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("populate", *args, "--until", UNTIL.isoformat(), stdout=out)
    return out.getvalue()


def test_every_state_with_the_records_it_implies() -> None:
    output = _run("--projects", "120", "--events", "3000", "--seed", "7")
    assert "项目 120 个（27 种状态）" in output
    states = Counter(Project.objects.values_list("state", flat=True))
    assert set(states) == {s.code for s in STATES}
    assert (
        Organisation.objects.filter(kind__in=["department", "street", "committee", "institution"]).count()
        == UNITS
    )
    for project in Project.objects.select_related("unit"):
        state = STATE_BY_CODE[project.state]
        assert (project.list_code is not None) == state.listed or project.state in ("rejected", "withdrawn")
        delivered = project.state in ("delivered", "retired")
        assert BuiltSystem.objects.filter(project=project).exists() == delivered
        if project.state == "retired":
            assert project.built_system.retired_on is not None
        building = state.phase == "construction" and project.state != "approved"
        if building or delivered or project.state in ("om_service", "om_closed"):
            assert Contract.objects.filter(project=project, filed_on__isnull=False).exists()
            assert Disbursement.objects.filter(project=project).exists()
            assert project.submitted_at is not None and project.listed_at is not None
        if project.state == "draft":
            assert project.submitted_at is None
    # The lines of every budget approval add up (a CHECK), and only approved paths have them.
    assert Approval.objects.exclude(approved_software=None).count() > 0
    assert not Approval.objects.filter(project__state__in=["draft", "list_review", "listing"]).exists()
    assert LeadingGroupDecision.objects.filter(project__work_type="new").count() > 0
    assert Evaluation.objects.exists()
    assert not Evaluation.objects.exclude(unit=F("project__unit")).exists()  # kept beside each (R5.6)
    # Nothing happens after `until`.
    end = datetime.combine(UNTIL, time.max, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert not ProjectEvent.objects.filter(at__gt=end).exists()
    assert not AuditEvent.objects.filter(at__gt=end).exclude(kind__in=[Kind.CREATE, Kind.UPDATE]).exists()
    assert not Evaluation.objects.filter(evaluated_on__gt=UNTIL).exists()
    assert not Disbursement.objects.filter(paid_on__gt=UNTIL).exists()
    assert not Contract.objects.filter(filed_on__gt=UNTIL).exists()
    assert not Contract.objects.filter(filed_on__gt=F("filing_due")).exists()


def test_timelines_follow_the_lifecycle_and_the_audit_log_verifies() -> None:
    demo_district_load()  # populate loads it too; its accounts' audit events come before
    before = AuditEvent.objects.count()
    _run("--projects", "60", "--events", "2000")
    declared = {(t.code, s, t.target) for t in TRANSITIONS for s in t.sources}
    for project in Project.objects.all():
        events = list(ProjectEvent.objects.filter(project=project).order_by("seq"))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        state = "draft"
        for event in events:
            assert (event.action, event.from_state, event.to_state) in declared
            assert event.from_state == state
            state = event.to_state
            assert events[0].at <= event.at
        assert state == project.state
        assert first_broken_link(project) is None
    # Every project event has its copy in the log, and the log reaches the number asked for.
    assert AuditEvent.objects.filter(kind=Kind.PROJECT).count() == ProjectEvent.objects.count()
    assert AuditEvent.objects.count() - before == 2000
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    call_command("audit_verify", stdout=StringIO())
    assert AuditVerification.objects.latest("at").ok


def test_every_row_passes_its_model_validation() -> None:
    """The database's CHECK constraints held on insert; the validators (phones, codes, lengths) too."""
    _run("--projects", "40", "--events", "0")
    for model in (Project, Contract, Approval, Disbursement, BuiltSystem, Evaluation, LeadingGroupDecision):
        for row in model.objects.all():
            row.full_clean()


def test_events_below_the_timelines_means_only_their_copies() -> None:
    output = _run("--projects", "30", "--events", "1")
    assert AuditEvent.objects.filter(kind=Kind.PROJECT).count() == ProjectEvent.objects.count()
    assert not AuditEvent.objects.filter(kind__in=[Kind.LOGIN, Kind.LOGOUT, Kind.EXPORT]).exists()
    assert "项目 30 个" in output


def test_a_database_with_projects_is_refused() -> None:
    _run("--projects", "5")
    before = Project.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match="数据库中已有项目"):
        _run("--projects", "5")
    assert (Project.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("value", ["-1", "many"])
def test_a_bad_count_is_refused(value: str) -> None:
    with pytest.raises(CommandError, match="--projects"):
        _run("--projects", value)
    assert not Project.objects.exists()


def _fingerprint() -> list:
    # Everything but the ids (PostgreSQL's sequences do not roll back) and the hashes that cover them.
    return [
        list(Project.objects.order_by("pk").values_list("name", "state", "amount", "list_code", "unit__code", "created_at")),
        list(ProjectEvent.objects.order_by("pk").values_list("project__name", "seq", "action", "at", "inputs")),
        # (the demo accounts' own events, written before, carry the time they were loaded)
        list(AuditEvent.objects.exclude(kind__in=[Kind.CREATE, Kind.UPDATE]).order_by("seq").values_list("kind", "actor_name", "at", "address")),
        list(Disbursement.objects.order_by("pk").values_list("project__name", "amount", "paid_on")),
    ]  # fmt: skip


def _populated(seed: int) -> list:
    with transaction.atomic():
        populate(projects=50, events=800, seed=seed, until=UNTIL)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_district() -> None:
    first = _populated(3)
    assert first == _populated(3)
    assert first != _populated(4)


def test_padding_a_timeline_keeps_both_chains() -> None:
    populate(projects=30, events=0, seed=1, until=UNTIL)
    project = Project.objects.filter(state="construction").first()
    before = ProjectEvent.objects.filter(project=project).count()
    pad_events(project, 120, until=Project.objects.order_by("-created_at")[0].created_at)
    assert ProjectEvent.objects.filter(project=project).count() == before + 120
    assert first_broken_link(project) is None
    call_command("audit_verify", stdout=StringIO())
    assert AuditVerification.objects.latest("at").ok
