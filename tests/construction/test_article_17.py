"""第十七条 in full (R4.4): contracts and the delivered configuration against the baseline on every
fixed term — item, specification, quantity up or down, unit price, acceptance terms, items missing."""

from dataclasses import replace
from decimal import Decimal

import pytest
from tests.construction.test_delivery_walk import _contract, approved  # noqa: F401

from govit.acceptance import services as acceptance_services
from govit.construction import services as construction_services
from govit.construction.selectors import LineIn
from govit.projects import errors
from govit.workflow import guards

pytestmark = pytest.mark.django_db

SOFTWARE = LineIn("教育数据平台软件", Decimal(1), Decimal("5000000.00"), "software", "", "第三方软件测评合格")
SERVERS = LineIn(
    "服务器", Decimal(10), Decimal("200000.00"), "hardware", "2路32核 256GB", "72小时连续运行无故障"
)


@pytest.fixture
def baselined(demo, approved):  # noqa: F811
    construction_services.baseline_set(project=approved, user=demo["jiaowei_unit"], items=[SOFTWARE, SERVERS])
    return approved


def _servers(**changes) -> LineIn:
    return replace(SERVERS, **changes)


# --- Contracts ------------------------------------------------------------------------------------


def test_a_contract_exactly_as_approved_is_recorded_with_the_approved_terms(demo, baselined):
    contract = _contract(baselined, demo, items=[SERVERS])
    item = contract.items.get()
    assert (item.quantity, item.unit_price, item.specification, item.acceptance_terms) == (
        Decimal(10), Decimal("200000.00"), "2路32核 256GB", "72小时连续运行无故障",
    )  # fmt: skip


def test_a_contract_line_left_without_terms_takes_the_approved_ones(demo, baselined):
    contract = _contract(baselined, demo, items=[_servers(specification="", acceptance_terms="")])
    item = contract.items.get()
    assert (item.specification, item.acceptance_terms) == ("2路32核 256GB", "72小时连续运行无故障")


@pytest.mark.parametrize(
    ("line", "difference"),
    [
        (_servers(unit_price=Decimal("200000.01")), "“服务器”单价 200000.01 元高于批复的 200000.00 元"),
        (_servers(quantity=Decimal("10.01")), "“服务器”数量 10.01 超过批复的 10.00"),
        (_servers(specification="2路16核 128GB"), "“服务器”规格参数“2路16核 128GB”与批复的“2路32核 256GB”不符"),
        (_servers(acceptance_terms="到货即验收"), "“服务器”验收条款“到货即验收”与批复的“72小时连续运行无故障”不符"),
        (LineIn("大屏", Decimal(1), Decimal(1)), "“大屏”不在批复的配置清单中"),
    ],
)  # fmt: skip
def test_a_contract_departing_on_any_term_is_refused_with_article_17(demo, baselined, line, difference):
    with pytest.raises(errors.NotPossible) as refusal:
        _contract(baselined, demo, items=[line])
    assert refusal.value.article == 17 and difference in refusal.value.detail
    assert not baselined.contracts.exists()


def test_every_difference_is_listed_in_one_refusal(demo, baselined):
    line = _servers(unit_price=Decimal("200000.01"), specification="2路16核", acceptance_terms="到货即验收")
    with pytest.raises(errors.NotPossible) as refusal:
        _contract(baselined, demo, items=[line])
    assert refusal.value.detail.count("“服务器”") == 3


def test_whitespace_alone_is_no_change_of_specification(demo, baselined):
    contract = _contract(baselined, demo, items=[_servers(specification=" 2路32核  256GB ")])
    assert contract.items.count() == 1


def test_several_contracts_share_the_baseline_but_together_never_exceed_it(demo, baselined):
    _contract(baselined, demo, number="HT-1", items=[_servers(quantity=Decimal(6))])
    _contract(baselined, demo, number="HT-2", items=[_servers(quantity=Decimal(4))])  # exactly 10
    with pytest.raises(errors.NotPossible) as refusal:
        _contract(baselined, demo, number="HT-3", items=[_servers(quantity=Decimal("0.01"))])
    assert refusal.value.article == 17
    assert "“服务器”数量 0.01 加已签合同的 10.00，超过批复的 10.00" in refusal.value.detail


def test_a_supervision_contract_does_not_use_up_the_baseline(demo, baselined):
    _contract(baselined, demo, kind="supervision", number="JL-1", items=[SERVERS])
    assert _contract(baselined, demo, number="HT-1", items=[SERVERS]).items.count() == 1


# --- The delivered configuration ------------------------------------------------------------------


@pytest.fixture
def building(demo, baselined, act):
    _contract(baselined, demo)
    _contract(baselined, demo, kind="supervision", number="JL-1")
    return act(baselined, "jiaowei_unit", "start_construction")


def _deliver(project, demo, *lines):
    return acceptance_services.accepted_items_set(
        project=project, user=demo["jiaowei_unit"], items=list(lines)
    )


def test_delivered_exactly_as_approved_lets_the_initial_acceptance_proceed(demo, building):
    _deliver(building, demo, SOFTWARE, SERVERS)
    assert guards.delivered_configuration_conforms(building, {}) == []


@pytest.mark.parametrize(
    ("lines", "difference"),
    [
        ((SOFTWARE, _servers(quantity=Decimal(9))), "“服务器”数量 9.00 少于批复的 10.00"),
        ((SOFTWARE, _servers(quantity=Decimal(2))), "“服务器”数量 2.00 少于批复的 10.00"),
        ((SOFTWARE,), "批复的“服务器”未列入"),
    ],
)
def test_a_shortfall_is_recorded_but_holds_the_initial_acceptance(demo, building, lines, difference):
    _deliver(building, demo, *lines)
    unmet = guards.delivered_configuration_conforms(building, {})
    assert [u.article for u in unmet] == [17] and difference in unmet[0].reason
    with pytest.raises(errors.NotPossible) as refusal:
        construction_initial_acceptance(building)
    assert refusal.value.article in (16, 17, 23)


def construction_initial_acceptance(project):
    from govit import clock
    from govit.workflow import engine

    today = clock.today().isoformat()  # the day building started, or later: the order holds
    return engine.perform(
        project=project, user=project.created_by, code="initial_acceptance",
        inputs={"accepted_on": today, "trial_started_on": today},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("line", "difference"),
    [
        (_servers(quantity=Decimal("10.01")), "“服务器”数量 10.01 超过批复的 10.00"),
        (_servers(unit_price=Decimal("200000.01")), "“服务器”单价 200000.01 元高于批复的 200000.00 元"),
        (_servers(specification="2路16核 128GB"), "规格参数“2路16核 128GB”与批复的“2路32核 256GB”不符"),
        (_servers(acceptance_terms="初验合格"), "验收条款“初验合格”与批复的“72小时连续运行无故障”不符"),
    ],
)
def test_a_delivery_beyond_the_approval_is_refused_with_article_17(demo, building, line, difference):
    with pytest.raises(errors.NotPossible) as refusal:
        _deliver(building, demo, SOFTWARE, line)
    assert refusal.value.article == 17 and difference in refusal.value.detail
    assert not building.accepted_items.exists()
