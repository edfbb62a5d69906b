"""Several application servers on one PostgreSQL (issue 11): two people acting on the same project
at once through different servers — exactly one winner, no lost update — and the reminder run
fired on both at once sends each reminder once. Everything goes over HTTP to two real gunicorn
instances; the reminder jobs run in a real Celery worker (tests/serve/conftest.py)."""

import re
import time

import pytest
from tests.fixtures.projects import FORM
from tests.serve.wire import PASSWORD, Answer, Browser, at_once, sign_in

from govit import clock
from govit.accounts.hashers import PBKDF2SM3PasswordHasher
from govit.accounts.models import User
from govit.audit.verify import verify
from govit.jobs.models import Job, State
from govit.projects.models import Project, ProjectEvent
from govit.reminders.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = ("jiaowei_unit", "jiaowei_leader", "bdb", "drc")
JOB_DEADLINE = 30  # seconds for the worker to finish both reminder jobs
PREPARER = {"preparer": "shancheng_design", "qualification": "电子通信广电行业甲级", "contact": "马俊杰"}


@pytest.fixture
def people(demo) -> None:
    """The demo people the servers sign in, with passwords the servers' own hashers check.

    The test process hashes with MD5 for speed (tests/conftest.py), which the servers do not
    accept; a PBKDF2-SM3 hash of few rounds checks at once and is re-hashed at the first login."""
    hasher = PBKDF2SM3PasswordHasher()
    encoded = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    User.objects.filter(username__in=PEOPLE).update(password=encoded)


@pytest.fixture
def tokens(stack, people) -> dict:
    """Each person signs in on a server of their own (A, B, A, …); a token works on both."""
    return {name: sign_in(stack.servers[n % 2], name) for n, name in enumerate(PEOPLE)}


def _statuses(answers: list[Answer]) -> list[int]:
    return sorted(answer.status for answer in answers)


def _chain_is_unbroken() -> None:
    result = verify()
    assert result["ok"], result["problems"]


def test_a_project_walks_from_draft_to_approval_across_both_servers(stack, tokens):
    a, b = stack.servers
    unit, leader, bdb, drc = (tokens[name] for name in PEOPLE)
    project = unit.ok(a, "POST", "/projects", {**FORM, "amount": "800万"}, status=201)
    pid = project["id"]
    assert unit.ok(b, "GET", f"/projects/{pid}")["state"]["code"] == "draft"  # the other server sees it
    unit.ok(b, "POST", f"/projects/{pid}/actions/submit", {})
    assert [x["code"] for x in leader.ok(a, "GET", f"/projects/{pid}/actions")] == ["confirm", "send_back"]
    leader.ok(a, "POST", f"/projects/{pid}/actions/confirm", {})
    # Judged on the servers' own clock: an application after the yearly call is accepted as late.
    bdb.ok(b, "POST", f"/projects/{pid}/actions/review_pass", {"comment": "同意", "accept_late": True})
    listed = bdb.ok(a, "POST", f"/projects/{pid}/actions/list", {})
    assert listed["state"]["code"] == "fsr_with_budget"
    assert re.fullmatch(r"YZ-\d{4}-0001", listed["list_code"])

    unit.ok(b, "PUT", f"/projects/{pid}/preparer", PREPARER)
    unit.upload(a, pid, "fsr")
    unit.upload(b, pid, "budget")
    unit.ok(a, "POST", f"/projects/{pid}/actions/submit_fsr_budget", {})
    bdb.ok(b, "POST", f"/projects/{pid}/actions/design_pass", {"comment": "同意"})
    approval = {
        "document_number": "渝中发改投〔2026〕123号", "approved_on": clock.today().isoformat(),
        "approved_total": "800万", "approved_software": "500万", "approved_hardware": "200万",
        "approved_other": "100万", "approval_document": drc.upload(b, pid, "approval"),
    }  # fmt: skip
    project = drc.ok(a, "POST", f"/projects/{pid}/actions/approve_budget", approval)
    assert project["state"]["code"] == "approved"
    assert project["approval"]["approved_total"] == "8000000.00"

    # The history each server shows is the same, one event per step, whichever server took it.
    history = [unit.ok(server, "GET", f"/projects/{pid}/history") for server in (a, b)]
    assert history[0] == history[1]
    steps = ["submit", "confirm", "review_pass", "list", "submit_fsr_budget", "design_pass", "approve_budget"]
    assert [e for e in steps if e in {event["action"] for event in history[0]}] == steps
    assert ProjectEvent.objects.filter(project_id=pid, action__in=steps).count() == len(steps)
    # Both servers' requests wrote to one audit chain, and it verifies here with the same key.
    _chain_is_unbroken()
    assert "POST /api/v1/projects/" in stack.log("A") and "POST /api/v1/projects/" in stack.log("B")


def test_two_confirmations_at_once_through_different_servers_make_exactly_one_winner(stack, tokens):
    a, b = stack.servers
    unit, leader = tokens["jiaowei_unit"], tokens["jiaowei_leader"]
    for round_ in range(3):
        pid = unit.ok(a, "POST", "/projects", {**FORM, "name": f"并发确认 {round_}"}, status=201)["id"]
        version = unit.ok(b, "POST", f"/projects/{pid}/actions/submit", {})["version"]
        answers = _confirm_on_both(leader, stack.servers, pid, version)
        assert _statuses(answers) == [200, 409], [x.body.decode() for x in answers]
        loser = next(x for x in answers if x.status == 409).json()
        assert set(loser) <= {"detail", "article", "field"} and loser["detail"]
        assert Project.objects.get(pk=pid).state == "list_review"
        assert ProjectEvent.objects.filter(project_id=pid, action="confirm").count() == 1
    _chain_is_unbroken()


def _confirm_on_both(leader, servers, pid: int, version: int) -> list[Answer]:
    """The unit leader confirms, from the same version, on each server at the same moment."""
    path = f"/projects/{pid}/actions/confirm"
    return at_once(
        *(lambda server=server: leader.call(server, "POST", path, {"version": version}) for server in servers)
    )


def test_two_edits_of_one_application_at_once_lose_nothing(stack, tokens):
    a, b = stack.servers
    unit = tokens["jiaowei_unit"]
    pid = unit.ok(a, "POST", "/projects", dict(FORM), status=201)["id"]
    seen = unit.ok(b, "GET", f"/projects/{pid}")["version"]

    # Both edit the name from the same version: one is saved, the other told it changed meanwhile.
    answers = at_once(
        lambda: unit.call(a, "PATCH", f"/projects/{pid}", {"name": "名称甲", "version": seen}),
        lambda: unit.call(b, "PATCH", f"/projects/{pid}", {"name": "名称乙", "version": seen}),
    )
    assert _statuses(answers) == [200, 409], [x.body.decode() for x in answers]
    winner = next(x for x in answers if x.status == 200).json()
    project = Project.objects.get(pk=pid)
    assert (project.name, project.version) == (winner["name"], seen + 1)

    # Two edits of different fields without a version: the row lock queues them, both are kept.
    answers = at_once(
        lambda: unit.call(a, "PATCH", f"/projects/{pid}", {"summary": "概述改于甲服务器。"}),
        lambda: unit.call(b, "PATCH", f"/projects/{pid}", {"expected_effect": "效益改于乙服务器。"}),
    )
    assert _statuses(answers) == [200, 200], [x.body.decode() for x in answers]
    project = Project.objects.get(pk=pid)
    assert (project.summary, project.expected_effect) == ("概述改于甲服务器。", "效益改于乙服务器。")
    assert (project.name, project.version) == (winner["name"], seen + 3)
    assert ProjectEvent.objects.filter(project_id=pid, action="edit").count() == 3
    _chain_is_unbroken()


def test_the_reminder_run_fired_on_both_servers_at_once_sends_each_reminder_once(
    stack, people, mailbox, approved, sign
):
    sign(approved)  # the contract is due for filing on 2026-10-15
    mailbox.messages.clear()
    a, b = stack.servers
    browsers = [Browser(server).log_in("bdb") for server in (a, b)]
    answers = at_once(
        *(lambda br=br: br.post_form("/reminders/run/", {"date": "2026-10-14"}) for br in browsers)
    )
    assert _statuses(answers) == [302, 302]
    jobs = [re.search(r"/jobs/([0-9a-f-]+)/", x.headers["location"]).group(1) for x in answers]
    assert len(set(jobs)) == 2

    started = time.monotonic()
    while Job.objects.filter(pk__in=jobs, state__in=[State.QUEUED, State.RUNNING]).exists():
        if time.monotonic() - started > JOB_DEADLINE:
            pytest.fail(f"the worker did not finish both jobs in {JOB_DEADLINE} s:\n{stack.log('worker')}")
        time.sleep(0.2)
    # Each server shows the job the other one started, finished.
    for browser, job in zip(browsers, reversed(jobs), strict=True):
        assert browser.get(f"/jobs/{job}/status.json").json()["state"] == State.SUCCEEDED

    rows = list(Reminder.objects.values_list("recipient_id", "kind", "subject", "due", "lead_days"))
    assert rows and len(rows) == len(set(rows))
    mailed = Reminder.objects.filter(emailed_at__isnull=False).count()
    assert mailed > 0 and len(mailbox.messages) == mailed
    sent = [(str(message["To"]), str(message["Subject"])) for message in mailbox.messages]
    assert len(sent) == len(set(sent))
    # One run wrote and mailed everything; the other waited on the run lock and found nothing to do.
    assert sorted(Job.objects.filter(pk__in=jobs).values_list("message", flat=True)) == [
        "2026-10-14：生成提醒 0 条，发送邮件 0 封",
        f"2026-10-14：生成提醒 {len(rows)} 条，发送邮件 {mailed} 封",
    ]
    _chain_is_unbroken()
