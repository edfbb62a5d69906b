"""The bureaus' findings (监督意见, R0.1): each bureau opens the finding its oversight duty gives it
(审计局 审计意见, 网信办 网络安全指导意见, 发改委 招投标监管意见, 财政局 政府采购监督意见), the project's
unit answers, and the bureau that opened it closes it or sends it back; every step an event citing
the article, on the to-do list of whoever must act, refused with why to anyone else. The clock is
pinned by `listed` (2026-09-15)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from govit import clock
from govit.findings import services
from govit.findings.models import Finding
from govit.findings.services import FindingIn
from govit.projects import errors, secrecy
from govit.projects.selectors import work_for

pytestmark = pytest.mark.django_db


def _open(project, user, kind="audit", **changes) -> Finding:
    today = clock.today()
    given = {"kind": kind, "issued_on": today, "content": "项目资金支付进度与合同约定不符。",
             "rectification": "补充支付依据，按合同节点支付。", "due_on": today + timedelta(days=30)} | changes  # fmt: skip
    return services.finding_open(project=project, user=user, finding=FindingIn(**given))


def _todo(user, project) -> list[str]:
    return [w.label for w in work_for(user, clock.today()) if w.project.pk == project.pk]


def test_a_finding_is_opened_answered_sent_back_answered_again_and_closed(demo, listed):
    project = listed()
    finding = _open(project, demo["audit"], reference="渝中审〔2026〕15号")
    assert (finding.state, finding.rounds) == ("open", 0)
    assert _todo(demo["jiaowei_unit"], project) == ["答复审计意见"] and _todo(demo["audit"], project) == []
    services.finding_answer(
        project=project, user=demo["jiaowei_unit"], finding=finding, answer="已补充支付依据。"
    )
    assert (
        _todo(demo["audit"], project) == ["审阅审计意见的整改答复"]
        and _todo(demo["jiaowei_unit"], project) == []
    )
    with pytest.raises(errors.InvalidInput, match="退回时请写明原因"):
        services.finding_close(project=project, user=demo["audit"], finding=finding, accept=False)
    services.finding_close(
        project=project, user=demo["audit"], finding=finding, accept=False, note="缺少第二期付款凭证。"
    )
    assert _todo(demo["jiaowei_unit"], project) == ["答复审计意见（退回后再次答复）"]
    services.finding_answer(
        project=project, user=demo["jiaowei_unit"], finding=finding, answer="已补第二期凭证。"
    )
    closed = services.finding_close(project=project, user=demo["audit"], finding=finding, accept=True)
    assert (closed.state, closed.rounds, closed.closed_by) == ("closed", 2, demo["audit"])
    assert _todo(demo["audit"], project) == [] and _todo(demo["jiaowei_unit"], project) == []
    events = list(
        project.events.filter(action__startswith="finding").values_list("action", "label", "article")
    )
    assert events == [
        ("finding_open", "出具审计意见", 7), ("finding_answer", "答复审计意见", 7),
        ("finding_return", "审计意见退回继续整改", 7), ("finding_answer", "答复审计意见", 7),
        ("finding_close", "审计意见办结", 7),
    ]  # fmt: skip
    with pytest.raises(errors.NotPossible, match="已办结"):
        services.finding_answer(project=project, user=demo["jiaowei_unit"], finding=finding, answer="再答")


@pytest.mark.parametrize("bureau", ["audit", "cac", "drc", "finance"])
def test_each_bureau_opens_only_its_own_kind(demo, listed, bureau):
    project = listed()
    assert services.kinds_for(demo[bureau], project) == [bureau]
    assert _open(project, demo[bureau], kind=bureau).kind == bureau
    other = next(kind for kind in ("audit", "cac", "drc", "finance") if kind != bureau)
    with pytest.raises(errors.NotPermitted) as refusal:
        _open(project, demo[bureau], kind=other)
    assert refusal.value.article == 7


def test_only_its_unit_answers_and_only_its_bureau_closes(demo, listed):
    project = listed()
    finding = _open(project, demo["cac"], kind="cac")
    for stranger in ("jfb_unit", "bdb", "audit"):
        with pytest.raises(errors.NotPermitted):
            services.finding_answer(project=project, user=demo[stranger], finding=finding, answer="答复")
    with pytest.raises(errors.NotPossible, match="尚待项目单位答复"):
        services.finding_close(project=project, user=demo["cac"], finding=finding, accept=True)
    services.finding_answer(
        project=project, user=demo["jiaowei_unit"], finding=finding, answer="已完成等保测评。"
    )
    with pytest.raises(errors.NotPossible, match="已答复"):
        services.finding_answer(project=project, user=demo["jiaowei_unit"], finding=finding, answer="再答")
    for stranger in ("audit", "bdb", "jiaowei_unit"):
        with pytest.raises(errors.NotPermitted):
            services.finding_close(project=project, user=demo[stranger], finding=finding, accept=True)
    with pytest.raises(errors.NotPermitted):
        _open(project, demo["bdb"])  # the BDB has no finding of its own here


@pytest.mark.parametrize(
    ("days", "due", "field"),
    [(1, None, "issued_on"), (0, 0, "due_on"), (0, 1, ""), (0, 365, ""), (0, 366, "due_on"), (-400, None, "issued_on")],
)  # fmt: skip
def test_the_dates_a_finding_may_have(demo, listed, days, due, field):
    project = listed()
    issued = clock.today() + timedelta(days=days)
    due_on = issued + timedelta(days=due) if due is not None else None
    if not field:
        assert _open(project, demo["audit"], issued_on=issued, due_on=due_on).due_on == due_on
        return
    with pytest.raises(errors.InvalidInput) as refusal:
        _open(project, demo["audit"], issued_on=issued, due_on=due_on)
    assert refusal.value.field == field


def test_an_unlisted_or_classified_project_takes_no_finding(demo, new_project, listed):
    draft = new_project()
    with pytest.raises(errors.NotPossible) as refusal:
        _open(draft, demo["audit"])
    assert refusal.value.article == 12
    project = listed()
    kept = _open(project, demo["audit"])
    secrecy.project_classify(project=project, by=demo["bdb"], ref="渝中保密〔2026〕7号",
                             on=clock.today() - timedelta(days=1), officers=[demo["bdb"]])  # fmt: skip
    kept.refresh_from_db()
    assert kept.content == "" and kept.rectification == ""  # its text emptied with the others'
    with pytest.raises(errors.ActionError):
        _open(project, demo["audit"])
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        Finding.objects.filter(pk=kept.pk).update(content="审计发现")
