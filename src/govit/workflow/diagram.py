"""The flowcharts of the Rules' 附件4 and 附件5, and one for O&M, drawn from the lifecycle (R7.1).

Nothing here lists steps. A chart's edges are the declared transitions that apply on the route
paths the flow covers and to its project category, its nodes the states those transitions touch;
a change to `lifecycle.TRANSITIONS` redraws every chart. A chart runs the whole life, from the
application (第九条) through approval, construction, acceptance and delivery to its end.
Three layers, each built on the one before:

1. `flowchart(flow)` — what is drawn: lanes, nodes, edges, each edge with its article.
2. `flowchart_layout(flow)` — where: a deterministic swimlane layout (ranks by longest path,
   orthogonal edges routed through the free channels between boxes, labels placed clear of boxes).
3. `flowchart_svg(flow)` — a standalone SVG; `flowchart_steps(flow)` the same chart as table rows.

Pure Python: no Django, so the charts can be drawn anywhere the declaration can be read.
"""

import math
import re
from dataclasses import dataclass
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from govit.policy.money import to_wan
from govit.policy.versions import Policy, chinese_number
from govit.workflow import lifecycle

FLOWS: dict[str, str] = {
    "construction": "渝中区建设类政务信息化项目管理流程图（附件4）",
    "service": "渝中区购买服务类政务信息化项目管理流程图（附件5）",
    "om": "渝中区运维类政务信息化项目管理流程图",
}

FONT_FAMILY = '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif'

KIND_NAMES = {"forward": "流转", "return": "退回修改", "reject": "不予通过", "withdraw": "撤回"}


# --- 1. The chart ---------------------------------------------------------------------------------


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


# --- 2. The layout --------------------------------------------------------------------------------

BOX_W, LINE_H, NODE_FONT = 156, 17, 13
LABEL_FONT, LABEL_LINE = 12, 15
TRACK = 9  # between parallel edges in one channel
GUTTER = 34  # the free channel beside each column, before tracks
MARGIN, TITLE_H, HEADER_H, LEGEND_H = 24, 64, 38, 70
CITE_FONT = 11


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: "Rect") -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the axis-parallel segment a–b passes through this rectangle's inside."""
        (x1, y1), (x2, y2) = a, b
        if x1 == x2:
            return self.x < x1 < self.x + self.w and min(y1, y2) < self.y + self.h and self.y < max(y1, y2)
        return self.y < y1 < self.y + self.h and min(x1, x2) < self.x + self.w and self.x < max(x1, x2)


@dataclass(frozen=True)
class LaneBand:
    role: str
    label: str
    x: float
    w: float


@dataclass(frozen=True)
class PlacedNode:
    node: Node
    box: Rect
    lines: tuple[str, ...]
    cites: tuple[str, ...]  # the articles under the label, wrapped between articles


@dataclass(frozen=True)
class PlacedEdge:
    edge: Edge
    points: tuple[tuple[float, float], ...]
    label_box: Rect
    label_lines: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    chart: Flowchart
    width: float
    height: float
    body: Rect  # where the lanes are
    lanes: tuple[LaneBand, ...]
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]

    def box(self, code: str) -> Rect:
        return next(p.box for p in self.nodes if p.node.code == code)


def text_width(text: str, size: float) -> float:
    """An estimate good enough to size boxes: CJK characters are square, the rest about half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def _cite_lines(articles: tuple[int, ...], width: float) -> list[str]:
    """ "第九条、第十三条、第二十五条", broken after a "、" where it would overflow the box."""
    lines = [""]
    for a in articles:
        cite = f"第{chinese_number(a)}条"
        if lines[-1] and text_width(f"{lines[-1]}、{cite}", CITE_FONT) > width:
            lines[-1] += "、"
            lines.append(cite)
        else:
            lines[-1] += f"、{cite}" if lines[-1] else cite
    return lines


def _wrap(text: str, size: float, width: float) -> list[str]:
    if text_width(text, size) <= width:
        return [text]
    # Break before a bracket or after a comma where the head fits, never with a comma leading a line.
    bracket, comma = text.find("（"), text.find("，") + 1
    for cut in (bracket, comma):
        if cut > 0 and text_width(text[:cut], size) <= width:
            return [text[:cut], *_wrap(text[cut:], size, width)]
    target = text_width(text, size) / math.ceil(text_width(text, size) / width)
    lines, line = [], ""
    for ch in text:
        if line and text_width(line + ch, size) > target + size / 2:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


@dataclass
class _Route:
    """An edge's route in grid terms, before coordinates: columns, ranks, gutters and gaps."""

    edge: Edge
    vertical: bool  # out of the source's bottom, into the target's top
    gap: int | None = None  # the gap (between ranks gap-1 and gap) its horizontal run uses
    gutters: tuple[int, ...] = ()  # the gutters (gutter g is left of column g) its vertical runs use
    out_side: str = "bottom"
    in_side: str = "top"


def _columns(chart: Flowchart) -> tuple[dict[str, int], list[int]]:
    """Each node's global column; a lane gets as many columns as its fullest rank needs."""
    cells: dict[tuple[str, int], list[Node]] = {}
    for n in chart.nodes:
        cells.setdefault((n.lane, n.rank), []).append(n)
    first, lane_of_column = {}, []
    for i, lane in enumerate(chart.lanes):
        first[lane.role] = len(lane_of_column)
        width = max((len(v) for (role, _), v in cells.items() if role == lane.role), default=1)
        lane_of_column += [i] * width
    predecessors: dict[str, list[str]] = {n.code: [] for n in chart.nodes}
    for e in chart.edges:
        if e.kind != "return" and chart.node(e.source).rank < chart.node(e.target).rank:
            predecessors[e.target].append(e.source)
    column: dict[str, int] = {}
    order = [n.code for n in chart.nodes]
    for rank in sorted({n.rank for n in chart.nodes}):
        for lane in chart.lanes:
            cell = cells.get((lane.role, rank), [])
            slots = lane_of_column.count(chart.lanes.index(lane))

            # Keep a node near what leads into it, so the arrows run straight where they can.
            def wanted(n: Node, lane: Lane = lane) -> float:
                placed = [column[p] for p in predecessors[n.code] if p in column]
                return sum(placed) / len(placed) - first[lane.role] if placed else 0.0

            cell = sorted(cell, key=lambda n: (wanted(n), order.index(n.code)))
            low = 0
            for i, n in enumerate(cell):
                high = slots - (len(cell) - i)
                slot = min(max(round(wanted(n) - 1e-9), low), high)
                column[n.code] = first[lane.role] + slot
                low = slot + 1
    return column, lane_of_column


def _route(e: Edge, column: dict[str, int], rank: dict[str, int], occupied: set[tuple[int, int]]) -> _Route:
    cs, ct, rs, rt = column[e.source], column[e.target], rank[e.source], rank[e.target]
    if rt > rs:
        # Straight down where the columns are free: out of the bottom, across one gap, into the top.
        for gap in range(rt, rs, -1):
            if all((cs, r) not in occupied for r in range(rs + 1, gap)) and all(
                (ct, r) not in occupied for r in range(gap, rt)
            ):
                return _Route(e, vertical=True, gap=gap)
    # Otherwise through the gutters beside the two boxes, which no box ever occupies.
    gs = cs + 1 if ct >= cs else cs
    gt = ct if ct > cs else ct + 1
    route = _Route(e, vertical=False, out_side="right" if gs > cs else "left")
    route.in_side = "left" if gt <= ct else "right"
    if gs == gt:
        route.gutters = (gs,)
    else:
        route.gutters = (gs, gt)
        route.gap = rt if rt > rs else rt + 1
    return route


def _assign_tracks(routes: list[_Route], column, rank, ports) -> tuple[dict, dict]:
    """Give every run in a channel its own track where it would overlap another run there."""
    runs: dict[tuple[str, int], list[tuple[int, int, int]]] = {}
    for i, r in enumerate(routes):
        cs, ct = column[r.edge.source], column[r.edge.target]
        rs, rt = rank[r.edge.source], rank[r.edge.target]
        if r.vertical:
            if cs == ct and ports[i][0] == ports[i][1]:
                continue  # a straight line needs no track
            runs.setdefault(("gap", r.gap), []).append(
                (min(2 * cs + 1, 2 * ct + 1), max(2 * cs + 1, 2 * ct + 1), i)
            )
            continue
        if len(r.gutters) == 1:
            g = r.gutters[0]
            runs.setdefault(("gutter", g), []).append(
                (min(2 * rs + 1, 2 * rt + 1), max(2 * rs + 1, 2 * rt + 1), i)
            )
            continue
        gs, gt = r.gutters
        span_s = sorted((2 * rs + 1, 2 * r.gap))
        span_t = sorted((2 * r.gap, 2 * rt + 1))
        runs.setdefault(("gutter", gs), []).append((*span_s, i))
        runs.setdefault(("gutter", gt), []).append((*span_t, i))
        runs.setdefault(("gap", r.gap), []).append((min(2 * gs, 2 * gt), max(2 * gs, 2 * gt), i))
    tracks: dict[tuple[str, int], dict[int, int]] = {}
    counts: dict[tuple[str, int], int] = {}
    for channel, spans in runs.items():
        ends: list[int] = []
        tracks[channel] = {}
        for low, high, i in sorted(spans):
            track = next((t for t, end in enumerate(ends) if end < low), len(ends))
            ends[track : track + 1] = [high]
            tracks[channel][i] = track
        counts[channel] = len(ends)
    return tracks, counts


def _ports(routes: list[_Route], column, rank) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each edge leaves and enters its boxes: (index, count) on the side it uses."""
    sides: dict[tuple[str, str], list[tuple[tuple, int, str]]] = {}
    for i, r in enumerate(routes):
        s, t = r.edge.source, r.edge.target
        # Order along a side by where the other end lies, so arrows leaving one side do not cross.
        along = (lambda o: (column[o], rank[o])) if r.vertical else (lambda o: (rank[o], column[o]))
        sides.setdefault((s, r.out_side), []).append((along(t), i, "out"))
        sides.setdefault((t, r.in_side), []).append((along(s), i, "in"))
    ports: dict[tuple[int, str], tuple[int, int]] = {}
    for entries in sides.values():
        for k, (_, i, end) in enumerate(sorted(entries)):
            ports[(i, end)] = (k, len(entries))
    return [(ports[(i, "out")], ports[(i, "in")]) for i in range(len(routes))]


def flowchart_layout(flow: str, policy: Policy) -> Layout:
    """Place the chart; widen the gaps between ranks until every arrow label clears every box."""
    chart = flowchart(flow, policy)
    for extra in range(0, 200, 12):
        layout = _place(chart, gap_base=58 + extra)
        boxes = [p.box for p in layout.nodes]
        if not any(e.label_box.overlaps(b) for e in layout.edges for b in boxes):
            break
    return layout


def _place(chart: Flowchart, gap_base: float) -> Layout:
    column, lane_of_column = _columns(chart)
    rank = {n.code: n.rank for n in chart.nodes}
    occupied = {(column[c], r) for c, r in rank.items()}
    routes = [_route(e, column, rank, occupied) for e in chart.edges]
    ports = _ports(routes, column, rank)
    tracks, counts = _assign_tracks(routes, column, rank, ports)
    ncols, nranks = len(lane_of_column), max(rank.values()) + 1

    # Coordinates: gutters and columns left to right, gaps and ranks top to bottom.
    lines = {n.code: _wrap(n.label, NODE_FONT, BOX_W - 16) for n in chart.nodes}
    cites = {n.code: _cite_lines(n.articles, BOX_W - 16) for n in chart.nodes}
    box_h = 22 + LINE_H * max(len(lines[c]) + len(cites[c]) for c in lines)
    gutter_w = [GUTTER + TRACK * counts.get(("gutter", g), 0) for g in range(ncols + 1)]
    gap_h = [gap_base + TRACK * counts.get(("gap", g), 0) for g in range(nranks + 1)]
    gutter_x, col_x, x = [], [], MARGIN
    for c in range(ncols + 1):
        gutter_x.append(x + gutter_w[c] / 2)
        x += gutter_w[c]
        if c < ncols:
            col_x.append(x)
            x += BOX_W
    width = x + MARGIN
    top = MARGIN + TITLE_H + HEADER_H
    gap_y, row_y, y = [], [], top
    for g in range(nranks + 1):
        gap_y.append(y + gap_h[g] / 2)
        y += gap_h[g]
        if g < nranks:
            row_y.append(y)
            y += box_h
    body = Rect(MARGIN, top - HEADER_H, width - 2 * MARGIN, y - top + HEADER_H)
    height = y + LEGEND_H + MARGIN

    boxes = {n.code: Rect(col_x[column[n.code]], row_y[n.rank], BOX_W, box_h) for n in chart.nodes}

    def track_at(kind: str, index: int, i: int, centre: float) -> float:
        n = counts.get((kind, index), 1)
        return centre + (tracks[(kind, index)][i] - (n - 1) / 2) * TRACK

    def port(code: str, side: str, k: int, n: int) -> tuple[float, float]:
        b = boxes[code]
        if side in ("top", "bottom"):
            return (b.x + b.w * (k + 1) / (n + 1), b.y if side == "top" else b.y + b.h)
        return (b.x if side == "left" else b.x + b.w, b.y + b.h * (k + 1) / (n + 1))

    ends = _straighten(
        [
            (port(r.edge.source, r.out_side, *p[0]), port(r.edge.target, r.in_side, *p[1]))
            for r, p in zip(routes, ports, strict=True)
        ],
        routes,
        column,
        boxes,
        straight={i for i, r in enumerate(routes) if r.vertical and i not in tracks.get(("gap", r.gap), {})},
    )
    placed_paths = []
    for i, (r, (a, z)) in enumerate(zip(routes, ends, strict=True)):
        if r.vertical:
            y = track_at("gap", r.gap, i, gap_y[r.gap]) if a[0] != z[0] else a[1]
            points = [a, (a[0], y), (z[0], y), z]
        elif len(r.gutters) == 1:
            gx = track_at("gutter", r.gutters[0], i, gutter_x[r.gutters[0]])
            points = [a, (gx, a[1]), (gx, z[1]), z]
        else:
            gs, gt = r.gutters
            xs = track_at("gutter", gs, i, gutter_x[gs])
            xt = track_at("gutter", gt, i, gutter_x[gt])
            y = track_at("gap", r.gap, i, gap_y[r.gap])
            points = [a, (xs, a[1]), (xs, y), (xt, y), (xt, z[1]), z]
        placed_paths.append(_simplify(points))

    labels = _place_labels(
        chart, placed_paths, list(boxes.values()), Rect(MARGIN, top, width - 2 * MARGIN, y - top)
    )
    bands = []
    for i, lane in enumerate(chart.lanes):
        cols = [c for c, li in enumerate(lane_of_column) if li == i]
        left = MARGIN if cols[0] == 0 else gutter_x[cols[0]]
        right = width - MARGIN if cols[-1] == ncols - 1 else gutter_x[cols[-1] + 1]
        bands.append(LaneBand(lane.role, lane.label, left, right - left))
    return Layout(
        chart=chart,
        width=width,
        height=height,
        body=body,
        lanes=tuple(bands),
        nodes=tuple(
            PlacedNode(n, boxes[n.code], tuple(lines[n.code]), tuple(cites[n.code])) for n in chart.nodes
        ),
        edges=tuple(
            PlacedEdge(e, tuple(p), box, tuple(text))
            for e, p, (box, text) in zip(chart.edges, placed_paths, labels, strict=True)
        ),
    )


Point = tuple[float, float]


def _straighten(ends: list[tuple[Point, Point]], routes: list[_Route], column, boxes, straight: set[int]):
    """Move the ends of arrows into a box's top so they neither jog needlessly nor run along another."""
    ends = list(ends)

    def tops(target: str, but: int) -> list[float]:
        return [
            ends[j][1][0]
            for j, o in enumerate(routes)
            if j != but and o.in_side == "top" and o.edge.target == target
        ]

    for i, r in enumerate(routes):
        # Between two boxes of one column, go straight down if the target's top has room.
        (a, z), target = ends[i], r.edge.target
        if r.vertical and column[r.edge.source] == column[target] and a[0] != z[0]:
            if all(abs(a[0] - x) >= 14 for x in tops(target, i)):
                ends[i] = (a, (a[0], z[1]))
    for i, r in enumerate(routes):
        # Coming across a gap into a top, keep off the lines leaving the boxes above in that column.
        if r.vertical and i not in straight:
            (a, z), target = ends[i], r.edge.target
            above = [
                ends[j][0][0]
                for j, o in enumerate(routes)
                if o.out_side == "bottom"
                and o.edge.source != r.edge.source
                and column[o.edge.source] == column[target]
            ]
            b = boxes[target]
            for dx in (0, 12, -12, 24, -24, 36, -36):
                x = z[0] + dx
                if b.x + 8 <= x <= b.x + b.w - 8 and all(abs(x - o) >= 6 for o in above + tops(target, i)):
                    ends[i] = (a, (x, z[1]))
                    break
    return ends


def _simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated points and points in the middle of a straight run."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
            continue
        out.append(p)
    return out


def _label_lines(e: Edge) -> tuple[str, ...]:
    return (f"{e.short_label} {e.cite}", e.condition) if e.condition else (f"{e.short_label} {e.cite}",)


def _place_labels(
    chart: Flowchart, paths, boxes: list[Rect], area: Rect
) -> list[tuple[Rect, tuple[str, ...]]]:
    """Greedy: each label takes the first spot along its own edge that hides the least."""
    segments = [(i, a, b) for i, p in enumerate(paths) for a, b in zip(p, p[1:], strict=False)]
    taken: list[Rect] = []
    out = []
    for i, (e, path) in enumerate(zip(chart.edges, paths, strict=True)):
        text = _label_lines(e)
        w = max(text_width(t, LABEL_FONT) for t in text) + 8
        h = LABEL_LINE * len(text) + 4
        best: tuple[float, Rect] | None = None
        # A branch is read where it leaves its source; any other label sits mid-way along its arrow.
        along = (0.2, 0.35, 0.5, 0.65, 0.8) if e.condition else (0.5, 0.3, 0.7, 0.15, 0.85)
        for order, spot in enumerate(_label_spots(path, w, h, along)):
            cost = 1000.0 * sum(spot.overlaps(b) for b in boxes)
            cost += 1000.0 * sum(spot.overlaps(t) for t in taken)
            cost += 1000.0 * (not (area.x <= spot.x and spot.x + spot.w <= area.x + area.w))
            cost += 1000.0 * (not (area.y <= spot.y and spot.y + spot.h <= area.y + area.h))
            cost += 25.0 * sum(spot.crosses(a, b) for j, a, b in segments if j != i)
            cost += order * 0.5  # earlier spots are nearer the arrow's start
            if best is None or cost < best[0]:
                best = (cost, spot)
        assert best is not None
        taken.append(best[1])
        out.append((best[1], text))
    return out


def _label_spots(path, w: float, h: float, along: tuple[float, ...]) -> list[Rect]:
    """Places beside each run of the edge: right/left of a vertical run, above/below a horizontal one."""
    spots = []
    runs = sorted(
        zip(path, path[1:], strict=False), key=lambda ab: -abs(ab[0][0] - ab[1][0]) - abs(ab[0][1] - ab[1][1])
    )
    for t in along:
        for (x1, y1), (x2, y2) in runs:
            x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            if x1 == x2:
                spots += [Rect(x + 5, y - h / 2, w, h), Rect(x - 5 - w, y - h / 2, w, h)]
            else:
                spots += [Rect(x - w / 2, y - h - 3, w, h), Rect(x - w / 2, y + 3, w, h)]
    return spots


# --- 3. The SVG -----------------------------------------------------------------------------------

STYLES = {
    "forward": ("#334155", ""),
    "return": ("#c2410c", "7 4"),
    "reject": ("#b91c1c", "3 3"),
    "withdraw": ("#6b7280", "1.5 3.5"),
}
LANE_FILLS = ("#f8fafc", "#eef2f7")


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f" {k.strip('_').replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(text)}</text>'


def flowchart_svg(flow: str, policy: Policy) -> str:
    """The chart as a standalone SVG document: no external references, no web fonts."""
    lay = flowchart_layout(flow, policy)
    chart = lay.chart
    ids = f"govit-{flow}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(lay.width)}" height="{_n(lay.height)}" '
        f'viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f"font-family={quoteattr(FONT_FAMILY)}>",
        f'<title id="{ids}-title">{escape(chart.title)}</title>',
        f'<desc id="{ids}-desc">{escape(_description(chart))}</desc>',
        "<defs>",
    ]
    for kind, (colour, _) in STYLES.items():
        out.append(
            f'<marker id="{ids}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="{colour}"/></marker>'
        )
    out += ["</defs>", f'<rect width="{_n(lay.width)}" height="{_n(lay.height)}" fill="#ffffff"/>']
    out.append(
        _text(
            lay.width / 2, MARGIN + 24, chart.title, font_size="20", font_weight="bold", text_anchor="middle"
        )
    )
    articles = sorted({e.article for e in chart.edges})
    span = f"第{chinese_number(articles[0])}条至第{chinese_number(articles[-1])}条"
    source = f"依据《{chart.policy_title}》（{chart.document_number}）{span} · 由 GovIT 流程声明生成"
    out.append(
        _text(lay.width / 2, MARGIN + 48, source, font_size="12", fill="#475569", text_anchor="middle")
    )

    body = lay.body
    for i, band in enumerate(lay.lanes):
        fill = LANE_FILLS[i % 2]
        out.append(
            f'<rect x="{_n(band.x)}" y="{_n(body.y)}" width="{_n(band.w)}" height="{_n(body.h)}" fill="{fill}"/>'
        )
        out.append(
            f'<rect x="{_n(band.x)}" y="{_n(body.y)}" width="{_n(band.w)}" height="{HEADER_H}" fill="#1e3a5f"/>'
        )
        out.append(
            _text(
                band.x + band.w / 2,
                body.y + HEADER_H / 2 + 5,
                band.label,
                font_size="14",
                font_weight="bold",
                fill="#ffffff",
                text_anchor="middle",
            )
        )
        if i:
            out.append(
                f'<line x1="{_n(band.x)}" y1="{_n(body.y)}" x2="{_n(band.x)}" y2="{_n(body.y + body.h)}" '
                'stroke="#94a3b8" stroke-width="1"/>'
            )
    out.append(
        f'<rect x="{_n(body.x)}" y="{_n(body.y)}" width="{_n(body.w)}" height="{_n(body.h)}" fill="none" '
        'stroke="#64748b" stroke-width="1.2"/>'
    )

    for pe in lay.edges:
        colour, dash = STYLES.get(pe.edge.kind, STYLES["forward"])
        d = " ".join(("M" if k == 0 else "L") + f"{_n(x)},{_n(y)}" for k, (x, y) in enumerate(pe.points))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        tip = f"{pe.edge.label}（{pe.edge.cite}）" + (f"：{pe.edge.condition}" if pe.edge.condition else "")
        out.append(
            f'<path class="edge edge-{pe.edge.kind}" d="{d}" fill="none" stroke="{colour}" stroke-width="1.6"'
            f'{dashes} marker-end="url(#{ids}-arrow-{pe.edge.kind})"><title>{escape(tip)}</title></path>'
        )

    for p in lay.nodes:
        out += _node_svg(p, ids)

    for pe in lay.edges:
        colour, _ = STYLES.get(pe.edge.kind, STYLES["forward"])
        b = pe.label_box
        out.append(
            f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" rx="3" fill="#ffffff" '
            f'fill-opacity="0.92" stroke="{colour}" stroke-opacity="0.35" stroke-width="0.8"/>'
        )
        for k, line in enumerate(pe.label_lines):
            weight = {"font_weight": "bold"} if k else {}
            out.append(
                _text(
                    b.x + b.w / 2,
                    b.y + 2 + LABEL_LINE * (k + 1) - 3.5,
                    line,
                    font_size=str(LABEL_FONT),
                    fill=colour,
                    text_anchor="middle",
                    **weight,
                )
            )

    out += _legend(lay, ids)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _node_svg(p: PlacedNode, ids: str) -> list[str]:
    b, n = p.box, p.node
    fill, stroke = "#ffffff", "#1e3a5f"
    if n.end:  # red where the project stopped short, green where it ran its course
        fill, stroke = ("#fef2f2", "#991b1b") if n.cut_short else ("#ecfdf5", "#047857")
    marks = " start" * n.start + " end" * n.end
    out = [f'<g class="node{marks}" id="{ids}-{escape(n.code)}"><title>{escape(n.label)}</title>']
    if n.start:
        cx = b.x + b.w / 2
        out.append(f'<circle cx="{_n(cx)}" cy="{_n(b.y - 26)}" r="7" fill="#1e3a5f"/>')
        out.append(
            f'<path d="M{_n(cx)},{_n(b.y - 19)} L{_n(cx)},{_n(b.y)}" stroke="#1e3a5f" stroke-width="1.6" '
            f'marker-end="url(#{ids}-arrow-forward)"/>'
        )
        out.append(_text(cx + 12, b.y - 22, "开始", font_size="12", fill="#1e3a5f"))
    if n.end:  # the double border of an end state
        out.append(
            f'<rect x="{_n(b.x - 4)}" y="{_n(b.y - 4)}" width="{_n(b.w + 8)}" height="{_n(b.h + 8)}" rx="12" '
            f'fill="none" stroke="{stroke}" stroke-width="1.2"/>'
        )
    width = "2.4" if n.start else "1.6"
    out.append(
        f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" rx="9" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>'
    )
    count = len(p.lines) + len(p.cites)
    first = b.y + b.h / 2 - (count * LINE_H) / 2 + LINE_H - 4
    for k, line in enumerate(p.lines):
        out.append(
            _text(
                b.x + b.w / 2,
                first + k * LINE_H,
                line,
                class_="label",
                font_size=str(NODE_FONT),
                font_weight="bold",
                fill="#0f172a",
                text_anchor="middle",
            )
        )
    for k, cites in enumerate(p.cites, start=len(p.lines)):
        out.append(
            _text(
                b.x + b.w / 2,
                first + k * LINE_H,
                cites,
                class_="cites",
                font_size=str(CITE_FONT),
                fill="#475569",
                text_anchor="middle",
            )
        )
    out.append("</g>")
    return out


def _legend(lay: Layout, ids: str) -> list[str]:
    y = lay.body.y + lay.body.h + 30
    x = MARGIN
    out = []
    kinds = [k for k in STYLES if any(e.kind == k for e in lay.chart.edges)]
    for kind in kinds:
        colour, dash = STYLES[kind]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<path d="M{_n(x)},{_n(y - 4)} L{_n(x + 36)},{_n(y - 4)}" stroke="{colour}" stroke-width="1.6"'
            f'{dashes} marker-end="url(#{ids}-arrow-{kind})"/>'
        )
        out.append(_text(x + 44, y, KIND_NAMES.get(kind, kind), font_size="12", fill=colour))
        x += 44 + text_width(KIND_NAMES.get(kind, kind), 12) + 28
    out.append(f'<circle cx="{_n(x + 6)}" cy="{_n(y - 4)}" r="6" fill="#1e3a5f"/>')
    out.append(_text(x + 18, y, "开始", font_size="12", fill="#1e3a5f"))
    x += 18 + 24 + 28
    ends = [n for n in lay.chart.nodes if n.end]
    samples = [
        ("#ecfdf5", "#047857", "、".join(n.label for n in ends if not n.cut_short)),
        ("#fef2f2", "#991b1b", "、".join(n.label for n in ends if n.cut_short)),
    ]
    for fill, stroke, names in samples:
        if not names:
            continue
        out.append(
            f'<rect x="{_n(x)}" y="{_n(y - 13)}" width="30" height="18" rx="5" fill="{fill}" stroke="{stroke}"/>'
            f'<rect x="{_n(x - 3)}" y="{_n(y - 16)}" width="36" height="24" rx="7" fill="none" stroke="{stroke}"/>'
        )
        text = f"结束：{names}"
        out.append(_text(x + 40, y, text, font_size="12", fill=stroke))
        x += 40 + text_width(text, 12) + 28
    note = "方框内标题下为所依据条款，箭头旁为动作及条款，条件加粗"
    out.append(_text(MARGIN, y + 24, note, font_size="12", fill="#334155"))
    return out


def _description(chart: Flowchart) -> str:
    parts = [
        f"{e.short_label}：{chart.node(e.source).label}→{chart.node(e.target).label}（{e.cite}）"
        for e in chart.edges
    ]
    return "；".join(parts)
