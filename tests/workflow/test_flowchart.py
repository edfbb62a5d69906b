"""The flowcharts are the lifecycle declaration drawn: nothing in them is written by hand (R7.1)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from tests.rules import YUZHONG

from govit.policy import load_policy, route
from govit.policy.versions import chinese_number
from govit.workflow import lifecycle
from govit.workflow.diagram import FLOWS, flowchart, flowchart_steps

# Which paths of 第十三条 each chart shows: the construction chart both of its branches, the O&M
# chart the budget path and, with procurement, the service path (R3.5). Checked against `route` below.
FLOW_PATHS = {
    "construction": {"combined", "separate"},
    "service": {"service"},
    "om": {"om_budget", "service"},
}
APPLICATION = ["draft", "unit_confirm", "list_review", "leading_group_review", "listing"]
# Where each chart's life may end: refused, given up, or run its course (R5.7).
ENDS = {
    "construction": {"rejected", "withdrawn", "retired"},
    "service": {"rejected", "withdrawn", "retired"},
    "om": {"rejected", "withdrawn", "om_closed"},
}


def declared(flow: str) -> tuple[set[str], set[tuple]]:
    """What the declaration implies for a flow, worked out here independently of the module:
    the whole life, on the flow's paths, for projects of the flow's category."""
    edges = set()
    for path in FLOW_PATHS[flow]:
        steps = [
            (t, s)
            for t in lifecycle.TRANSITIONS
            for s in t.sources
            if (not t.paths or path in t.paths) and (not t.categories or flow in t.categories)
        ]
        seen, todo = {"draft"}, ["draft"]
        while todo:
            here = todo.pop()
            for t, source in steps:
                if source == here:
                    edges.add((t.code, source, t.target, t.kind, t.article))
                    if t.target not in seen:
                        seen.add(t.target)
                        todo.append(t.target)
    nodes = {e[1] for e in edges} | {e[2] for e in edges}
    return nodes, edges


def drawn(flow: str) -> tuple[set[str], set[tuple]]:
    chart = flowchart(flow, YUZHONG)
    return {n.code for n in chart.nodes}, {
        (e.code, e.source, e.target, e.kind, e.article) for e in chart.edges
    }


def edge(flow: str, source: str, target: str, code: str | None = None):
    found = [
        e
        for e in flowchart(flow, YUZHONG).edges
        if (e.source, e.target) == (source, target) and code in (None, e.code)
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("flow", FLOWS)
def test_each_chart_draws_exactly_what_the_declaration_reaches_on_its_paths(flow):
    assert drawn(flow) == declared(flow)


def test_the_flows_cover_the_paths_route_chooses():
    def path(**facts):
        return route(new=False, policy=YUZHONG, **facts).path

    assert path(category="construction", amount=Decimal("10000000")) == "combined"
    assert path(category="construction", amount=Decimal("10000000.01")) == "separate"
    assert path(category="service", amount=Decimal("500000")) == "service"
    assert path(category="om", amount=Decimal("500000")) == "om_budget"
    assert path(category="om", amount=Decimal("500000"), needs_procurement=True) == "service"
    for flow, paths in FLOW_PATHS.items():
        assert set(flowchart(flow, YUZHONG).branches) == paths


@pytest.mark.parametrize("flow", FLOWS)
def test_each_chart_passes_the_route_steps_the_policy_names_and_no_other(flow):
    policy = load_policy("yuzhong-2021")
    expected = {"application", "list_review", "leading_group_review", "listing"}
    for path in FLOW_PATHS[flow]:
        expected |= set(policy.paths[path]["steps"])
    states = {s.code: s for s in lifecycle.STATES}

    steps = {states[n.code].step for n in flowchart(flow, YUZHONG).nodes} - {None}

    assert steps == expected


@pytest.mark.parametrize("flow", FLOWS)
def test_each_chart_has_the_application_phase_its_loops_and_its_ends(flow):
    chart = flowchart(flow, YUZHONG)
    codes = [n.code for n in chart.nodes]
    kinds = {e.kind for e in chart.edges}

    assert set(APPLICATION) <= set(codes)
    assert {"returned", "approved"} | ENDS[flow] <= set(codes)
    assert kinds == {"forward", "return", "reject", "withdraw"}
    assert [n.code for n in chart.nodes if n.start] == ["draft"]
    assert {n.code for n in chart.nodes if n.end} == ENDS[flow]
    assert all(chart.node(code).final for code in ENDS[flow])
    assert {n.code for n in chart.nodes if n.cut_short} == {"rejected", "withdrawn"}
    assert chart.node("approved").label == "前期审批完成，待采购实施"
    assert edge(flow, "list_review", "leading_group_review").condition == "新建非急需项目"
    assert [e.condition for e in chart.edges if (e.source, e.target) == ("list_review", "listing")] == [
        "非新建非急需项目",
        "急需项目",
    ]
    urgent = [e for e in chart.edges if e.source == "list_review" and e.article == 11]
    assert [(e.target, e.condition) for e in urgent] == [("listing", "急需项目")]


def test_the_construction_chart_branches_after_listing_on_the_1000_wan_limit():
    assert edge("construction", "listing", "fsr_with_budget").condition == "总投资≤1000万元"
    assert edge("construction", "listing", "fsr").condition == "总投资>1000万元"
    assert edge("construction", "design_review", "fsr_budget_approval").condition == "总投资≤1000万元"
    assert edge("construction", "design_review", "design_budget_approval").condition == "总投资>1000万元"
    # Steps on one branch only carry no condition: the branch was chosen at listing.
    assert edge("construction", "fsr", "fsr_approval").condition == ""


def test_the_om_chart_lists_straight_to_approved_or_follows_the_service_path():
    to_approved = edge("om", "listing", "approved")
    to_design = edge("om", "listing", "preliminary_design")

    assert (to_approved.article, to_approved.condition) == (9, "无需政府采购")
    assert to_design.condition.startswith("需政府采购")
    assert edge("om", "design_review", "budget_order87").condition == ""
    assert "fsr" not in {n.code for n in flowchart("om", YUZHONG).nodes}


def test_the_service_chart_has_no_drc_lane():
    assert [lane.label for lane in flowchart("construction", YUZHONG).lanes] == [
        "项目单位",
        "单位负责人",
        "区大数据发展局",
        "区云长制领导小组办公室",
        "区发改委",
    ]
    assert "区发改委" not in [lane.label for lane in flowchart("service", YUZHONG).lanes]


@pytest.mark.parametrize("flow", FLOWS)
def test_every_edge_carries_the_article_and_actor_of_its_transition(flow):
    declared_as = {(t.code, s, t.target): t for t in lifecycle.TRANSITIONS for s in t.sources}
    chart = flowchart(flow, YUZHONG)
    lanes = {lane.role for lane in chart.lanes}
    for e in chart.edges:
        t = [
            t
            for t in lifecycle.TRANSITIONS
            if (t.code, t.target) == (e.code, e.target) and e.source in t.sources
        ]
        assert e.article in {x.article for x in t}
        assert e.cite.startswith("第") and e.cite.endswith("条")
        assert e.actor in lanes
        assert (e.code, e.source, e.target) in declared_as
    for n in chart.nodes:
        touching = {e.article for e in chart.edges if n.code in (e.source, e.target)}
        assert set(n.articles) == touching


def test_an_end_state_sits_in_the_lane_of_who_decides_it():
    chart = flowchart("construction", YUZHONG)
    deciders = {t.actor for t in lifecycle.TRANSITIONS if t.target == "rejected"}
    assert chart.node("rejected").lane in deciders
    assert chart.node("withdrawn").lane == "unit"


def test_a_transition_added_to_the_declaration_is_drawn(monkeypatch):
    on_hold = lifecycle.State("on_hold", "暂缓纳入清单", "bdb", "application", False)
    hold = lifecycle.Transition("hold", "暂缓", ("listing",), "on_hold", "bdb", 12)
    resume = lifecycle.Transition("resume", "恢复", ("on_hold",), "listing", "bdb", 12, kind="return")
    monkeypatch.setattr(lifecycle, "STATES", (*lifecycle.STATES, on_hold))
    monkeypatch.setattr(lifecycle, "TRANSITIONS", (*lifecycle.TRANSITIONS, hold, resume))

    for flow in FLOWS:
        nodes, edges = drawn(flow)
        assert (nodes, edges) == declared(flow)
        assert ("hold", "listing", "on_hold", "forward", 12) in edges
        assert ("resume", "on_hold", "listing", "return", 12) in edges


def forward_chain(flow: str, start: str) -> list[str]:
    """The states after `start` when every step goes forward, read from the declaration."""
    chain = [start]
    while True:
        onward = {
            t.target
            for t in lifecycle.TRANSITIONS
            if chain[-1] in t.sources and t.kind == "forward" and (not t.categories or flow in t.categories)
        }
        if not onward:
            return chain
        assert len(onward) == 1, onward
        chain.append(onward.pop())


@pytest.mark.parametrize("flow", FLOWS)
def test_each_chart_runs_on_after_approval_to_the_end_of_the_life(flow):
    chart = flowchart(flow, YUZHONG)
    chain = forward_chain(flow, "approved")
    phases = {s.code: s.phase for s in lifecycle.STATES}

    assert not chart.node("approved").end
    assert chain[-1] in ENDS[flow]
    for source, target in zip(chain, chain[1:], strict=False):
        assert edge(flow, source, target).condition == ""
        assert chart.node(source).rank < chart.node(target).rank
    assert {phases[code] for code in chain} == {"construction", "operation", "closed"}


def test_construction_and_service_pass_trial_run_compliance_review_and_final_acceptance():
    for flow in ("construction", "service"):
        assert forward_chain(flow, "approved") == [
            "approved",
            "construction",
            "trial_run",
            "compliance_review",
            "final_acceptance",
            "final_filing",
            "delivered",
            "retired",
        ]
        assert "om_service" not in {n.code for n in flowchart(flow, YUZHONG).nodes}
    assert forward_chain("om", "approved") == ["approved", "om_service", "om_closed"]
    assert not {"construction", "trial_run", "delivered", "retired"} & {
        n.code for n in flowchart("om", YUZHONG).nodes
    }


@pytest.mark.parametrize("flow", ["construction", "service"])
def test_the_compliance_review_loops_through_rectification_beside_the_trial_run(flow):
    chart = flowchart(flow, YUZHONG)
    fail = edge(flow, "compliance_review", "rectification")
    again = edge(flow, "rectification", "compliance_review")

    assert (fail.kind, fail.actor, fail.article) == ("return", "bdb", 23)
    assert (again.kind, again.actor, again.article) == ("forward", "unit", 23)
    assert chart.node("rectification").lane == chart.node("trial_run").lane == "unit"
    assert chart.node("compliance_review").lane == "bdb"
    # Entered only by a return, it sits where it leads back in from, as 退回修改 sits by 草稿.
    assert chart.node("rectification").rank == chart.node("trial_run").rank
    assert chart.node("returned").rank == chart.node("draft").rank == 0
    assert edge(flow, "final_filing", "final_acceptance").kind == "return"


def test_a_later_transition_is_drawn_only_on_the_charts_of_its_categories(monkeypatch):
    audit = lifecycle.State("audited", "绩效评价", "bdb", "operation", True)
    evaluate = lifecycle.Transition(
        "evaluate", "开展绩效评价", ("delivered",), "audited", "bdb", 26, categories=("service",)
    )
    monkeypatch.setattr(lifecycle, "STATES", (*lifecycle.STATES, audit))
    monkeypatch.setattr(lifecycle, "TRANSITIONS", (*lifecycle.TRANSITIONS, evaluate))

    for flow in FLOWS:
        assert drawn(flow) == declared(flow)
    assert ("evaluate", "delivered", "audited", "forward", 26) in drawn("service")[1]
    assert flowchart("service", YUZHONG).node("audited").end
    assert "audited" not in drawn("construction")[0] | drawn("om")[0]


def test_a_transition_taken_out_of_the_declaration_is_not_drawn(monkeypatch):
    kept = tuple(t for t in lifecycle.TRANSITIONS if t.code != "lg_reject")
    monkeypatch.setattr(lifecycle, "TRANSITIONS", kept)

    assert "lg_reject" not in {e.code for e in flowchart("service", YUZHONG).edges}
    assert flowchart("service", YUZHONG).node("rejected").lane == "bdb"


def test_a_path_change_in_the_declaration_moves_the_branch(monkeypatch):
    changed = tuple(
        replace(t, target="fsr") if (t.code, t.paths) == ("list", ("combined",)) else t
        for t in lifecycle.TRANSITIONS
    )
    monkeypatch.setattr(lifecycle, "TRANSITIONS", changed)

    nodes, edges = drawn("construction")

    assert (nodes, edges) == declared("construction")
    assert ("list", "listing", "fsr_with_budget", "forward", 9) not in edges
    to_fsr = [
        e.condition
        for e in flowchart("construction", YUZHONG).edges
        if (e.source, e.target) == ("listing", "fsr")
    ]
    assert to_fsr == ["总投资≤1000万元", "总投资>1000万元"]


def test_an_unknown_flow_is_refused():
    with pytest.raises(KeyError):
        flowchart("maintenance", YUZHONG)


@pytest.mark.parametrize("flow", FLOWS)
def test_the_steps_table_has_a_row_per_state_in_reading_order(flow):
    chart = flowchart(flow, YUZHONG)
    rows = flowchart_steps(flow, YUZHONG)

    assert sorted(r.step for r in rows) == sorted(n.label for n in chart.nodes)
    assert rows[0].step == "草稿"
    assert rows[0].actor == "项目单位"
    assert all(r.article.startswith("第") for r in rows)
    step, actor, article, _ = next(r for r in rows if r.step == "区大数据发展局审核")
    assert (actor, article) == ("区大数据发展局", "第九条、第十一条")
    assert next(r for r in rows if r.step == "未通过").next == "流程结束"
    for code in ENDS[flow]:
        label = chart.node(code).label
        assert next(r for r in rows if r.step == label)[1:] == (
            "—（结束）",
            "、".join(f"第{chinese_number(a)}条" for a in chart.node(code).articles),
            "流程结束",
        )
    assert rows[-1].step in {chart.node(code).label for code in ENDS[flow]}
