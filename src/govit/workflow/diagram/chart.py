"""1. The chart: what is drawn — lanes, nodes, edges, each edge with its article — read from the
lifecycle declaration at call time (`flowchart`), and the same chart as table rows (`flowchart_steps`).

Pure Python: no Django.
"""

import re
from dataclasses import dataclass
from typing import NamedTuple

from govit.policy.money import to_wan
from govit.policy.versions import Policy, chinese_number
from govit.workflow import lifecycle

FLOWS: dict[str, str] = {
    "construction": "渝中区建设类政务信息化项目管理流程图（附件4）",
    "service": "渝中区购买服务类政务信息化项目管理流程图（附件5）",
    "om": "渝中区运维类政务信息化项目管理流程图",
}


@dataclass(frozen=True)
class Lane:
    role: str
    label: str


@dataclass(frozen=True)
class Node:
    code: str
    label: str
    lane: str  # the role whose lane holds it; an end state sits with the role that decides it
    articles: tuple[int, ...]  # of the transitions into and out of it
    rank: int  # longest path from the start over the edges that are not returns (see `_ranks`)
    start: bool  # where a project begins
    end: bool  # nothing leads out of it in this flow
    final: bool  # a closed state of the lifecycle (未通过, 已撤回, 已停用 …)
    cut_short: bool  # an end reached only by refusing or withdrawing, not by running the course


@dataclass(frozen=True)
class Edge:
    code: str
    label: str  # the transition's full label
    short_label: str  # what fits on the arrow
    source: str
    target: str
    actor: str
    article: int
    clause: int | None
    kind: str
    condition: str  # "" when the edge applies to every project on the flow
    paths: tuple[str, ...]  # the flow's paths it applies on

    @property
    def cite(self) -> str:
        return f"第{chinese_number(self.article)}条"


@dataclass(frozen=True)
class Flowchart:
    flow: str
    title: str
    policy_title: str
    document_number: str
    branches: dict[str, str]  # route path → the condition that selects it
    lanes: tuple[Lane, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, code: str) -> Node:
        return next(n for n in self.nodes if n.code == code)


_OPPOSITE = {"≤": ">", ">": "≤", "≥": "<", "<": "≥"}


def _branches(flow: str, policy: Policy) -> dict[str, str]:
    """The route paths a flow draws, each with the project fact that selects it (as `rules.route`)."""
    if flow == "construction":
        limit = policy.thresholds["combined_path_limit"]  # 第十三条第二款
        amount = f"{to_wan(limit.limit).normalize():f}万元"
        return {
            "combined": f"总投资{limit.symbol}{amount}",
            "separate": f"总投资{_OPPOSITE[limit.symbol]}{amount}",
        }
    if flow == "service":
        return {"service": ""}
    if flow == "om":
        branches = {"om_budget": "无需政府采购"}
        if policy.om_procurement_follows_service:  # R3.5
            branches["service"] = "需政府采购，按购买服务类流程"
        return branches
    raise KeyError(f"未知的流程图：{flow}")


def _project_condition(t: lifecycle.Transition) -> str:
    """ "新建非急需项目", "非新建项目", "新建急需项目" … from `only_new` and `only_urgent`."""
    if t.only_new is None and t.only_urgent is None:
        return ""
    new = {True: "新建", False: "非新建", None: ""}[t.only_new]
    if t.only_urgent:
        return f"{new}急需项目"
    return new + ("非急需" if t.only_urgent is False else "") + "项目"


def _short(label: str) -> str:
    """The head of a label: "审核通过（第十一条急需项目），待纳入清单" → "审核通过"."""
    return re.sub(r"（[^）]*）", "", label.split("，")[0]) or label


def _edges(flow: str, branches: dict[str, str]) -> list[Edge]:
    """The transitions a project of the flow's category can reach on each of the flow's paths,
    one edge per source state.

    A transition declared for every path still belongs only to the paths that reach its source;
    an edge names its path's condition only where the flow branches, i.e. where its source lies on
    more paths than the edge does.
    """
    # The flow's key is the project category it draws (附件4 建设类, 附件5 购买服务类, 运维类).
    kept = [t for t in lifecycle.TRANSITIONS if not t.categories or flow in t.categories]
    steps = [(t, source) for t in kept for source in t.sources]
    reached: dict[str, set[str]] = {}
    for path in branches:
        reached[path] = {_start()}
        while grown := {t.target for t, s in steps if s in reached[path] and _on(t, path)} - reached[path]:
            reached[path] |= grown
    edges = []
    for t, source in steps:
        paths = tuple(p for p in branches if source in reached[p] and _on(t, p))
        if not paths:
            continue
        conditions = [_project_condition(t)]
        if set(paths) != {p for p in branches if source in reached[p]}:
            conditions.insert(0, "或".join(branches[p] for p in paths if branches[p]))
        edges.append(
            Edge(
                code=t.code,
                label=t.label,
                short_label=_short(t.label),
                source=source,
                target=t.target,
                actor=t.actor,
                article=t.article,
                clause=t.clause,
                kind=t.kind,
                condition="，".join(c for c in conditions if c),
                paths=paths,
            )
        )
    return edges


def _on(t: lifecycle.Transition, path: str) -> bool:
    return not t.paths or path in t.paths


def _start() -> str:
    """A project begins in the first declared state (草稿); the declaration names no other start."""
    return lifecycle.STATES[0].code


def _ranks(codes: list[str], edges: list[Edge]) -> dict[str, int]:
    """Longest path from the start over every edge but returns; an edge closing a cycle is ignored.

    A state entered only by returns (退回修改, 合规性审查整改) is not on that path: it sits one rank
    above the earliest state it leads back into, beside the step that first led there.
    """
    successors: dict[str, list[str]] = {c: [] for c in codes}
    for e in edges:
        if e.kind != "return":
            successors[e.source].append(e.target)
    predecessors: dict[str, list[str]] = {c: [] for c in codes}
    done: dict[str, bool] = {}  # False while on the DFS stack
    postorder: list[str] = []

    def visit(code: str) -> None:
        done[code] = False
        for nxt in successors[code]:
            if done.get(nxt) is False:
                continue  # back into the current path: a cycle
            predecessors[nxt].append(code)
            if nxt not in done:
                visit(nxt)
        done[code] = True
        postorder.append(code)

    visit(_start())
    rank: dict[str, int] = {}
    for code in reversed(postorder):
        rank[code] = max((rank[p] + 1 for p in predecessors[code]), default=0)
    left = [c for c in codes if c not in rank]
    while left:
        ready = [c for c in left if any(s in rank for s in successors[c])]
        for code in ready or left[:1]:  # with nothing ranked to lead into, the top
            rank[code] = max(min((rank[s] for s in successors[code] if s in rank), default=1) - 1, 0)
            left.remove(code)
    return rank


def flowchart(flow: str, policy: Policy) -> Flowchart:
    """The chart of `flow` (a key of FLOWS), read from the lifecycle declaration at call time."""
    branches = _branches(flow, policy)
    states = {s.code: s for s in lifecycle.STATES}
    edges = _edges(flow, branches)
    touched = {e.source for e in edges} | {e.target for e in edges}
    codes = [s.code for s in lifecycle.STATES if s.code in touched]
    codes += sorted(touched - set(codes))  # a state the declaration forgot: KeyError below, loudly
    rank = _ranks(codes, edges)

    def lane(code: str) -> str:
        if states[code].actor:
            return states[code].actor
        # An end state belongs to whoever decides it; of several, the latest in the flow.
        deciders = [e for e in edges if e.target == code]
        return max(deciders, key=lambda e: rank[e.source]).actor

    nodes = []
    for code in codes:
        touching = [e for e in edges if code in (e.source, e.target)]
        into = [e for e in edges if e.target == code]
        nodes.append(
            Node(
                code=code,
                label=states[code].label,
                lane=lane(code),
                articles=tuple(sorted({e.article for e in touching})),
                rank=rank[code],
                start=code == _start(),
                end=not any(e.source == code for e in edges),
                final=states[code].final,
                cut_short=code != _start() and all(e.kind in ("reject", "withdraw") for e in into),
            )
        )
    roles = {n.lane for n in nodes}
    order = [r for r in policy.actors if r in roles] + sorted(roles - set(policy.actors))
    lanes = tuple(Lane(r, policy.actors.get(r, r)) for r in order)
    return Flowchart(
        flow, FLOWS[flow], policy.title, policy.document_number, branches, lanes, tuple(nodes), tuple(edges)
    )


class StepRow(NamedTuple):
    """One row of the chart as a table: a state, who acts there, its articles, where it can go."""

    step: str
    actor: str
    article: str
    next: str


def flowchart_steps(flow: str, policy: Policy) -> list[StepRow]:
    """The chart as rows in reading order (rank, then lane), for an accessible table beside the image."""
    chart = flowchart(flow, policy)
    lanes = [lane.role for lane in chart.lanes]
    labels = {lane.role: lane.label for lane in chart.lanes}
    rows = []
    for n in sorted(chart.nodes, key=lambda n: (n.rank, lanes.index(n.lane))):
        actions = []
        for e in chart.edges:
            if e.source == n.code:
                when = f"（{e.condition}）" if e.condition else ""
                actions.append(f"{e.short_label}{when} → {chart.node(e.target).label}（{e.cite}）")
        articles = "、".join(f"第{chinese_number(a)}条" for a in n.articles)
        actor = "—（结束）" if n.final else labels[n.lane]
        last = "流程结束" if n.final else "本图止于此，转入后续环节"
        rows.append(StepRow(n.label, actor, articles, "；".join(actions) or last))
    return rows
