"""A version's numbers in words (govit.policy.wording): made from the data file, so a second
version with other numbers reads differently without a code change."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from govit.policy import change_check, load_policy, route, trial_ready_refusal
from govit.policy.versions import POLICY_DIRS_VARIABLE
from govit.policy.wording import figure, path_label, terms

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def test_2031(monkeypatch):
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(DATA))
    return load_policy("test-2031")


def test_the_shipped_version_reads_as_the_rules_write_it(policy):
    words = terms(policy)
    assert (words.deadline, words.deadline_day, words.deadline_article) == (
        "每年9月底前（含9月30日）",
        "9月30日",
        "第九条",
    )
    assert (words.combined, words.separate) == ("1000万以下（含1000万）", "超过1000万元")
    assert (words.supervision, words.change, words.change_article) == (
        "100万元以上（含100万元）",
        "10%",
        "第二十一条",
    )
    assert (words.filing, words.filing_article, words.trial) == (
        "签订后7个工作日内",
        "第十六条第二款",
        "2个月",
    )
    assert figure(policy.thresholds["om_upgrade_limit"]) == "20万元"


def test_the_test_version_reads_with_its_own_numbers(test_2031):
    words = terms(test_2031)
    assert (words.deadline_day, words.separate, words.supervision) == (
        "8月31日",
        "超过500万元",
        "50万元以上（含50万元）",
    )
    assert (words.change, words.filing, words.trial) == ("15%", "签订后5个工作日内", "3个月")
    assert path_label("separate", "可研、初设分别审批", test_2031) == "可研、初设分别审批（超过500万元）"
    assert path_label("service", "购买服务类", test_2031) == "购买服务类"


def test_a_share_keeps_its_decimals():
    threshold = load_policy("yuzhong-2021").thresholds["change_reapproval"]
    assert figure(replace(threshold, limit=Decimal("0.125"))) == "12.5%"


def test_the_rules_answers_take_their_numbers_from_the_version(policy, test_2031):
    separate = route(category="construction", amount=Decimal("6000000"), policy=test_2031)
    assert separate.path == "separate"
    assert any("属超过500万元的建设类项目" in b.reason for b in separate.basis)
    twelve = change_check(approved_software=Decimal("1000000"), changes=[Decimal("120000")], policy=test_2031)
    assert not twelve.requires_reapproval and "（批准软件总额的15%）" in twelve.basis[0].reason
    assert "未超出15%" in twelve.basis[0].reason
    refusal = trial_ready_refusal(start=date(2031, 3, 6), applied=date(2031, 5, 6), policy=test_2031)
    assert refusal is not None and refusal.reason == "试运行未满3个月，自 2031-06-06 起方可申请合规性审查"
    assert (refusal.article, refusal.clause) == (23, 1)
    assert trial_ready_refusal(start=date(2031, 3, 6), applied=date(2031, 5, 6), policy=policy) is None
