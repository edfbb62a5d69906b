"""2. The layout: where — a deterministic swimlane layout (ranks by longest path, orthogonal edges
routed through the free channels between boxes by `routing`, labels placed clear of boxes).

Pure Python: no Django.
"""

import math
from dataclasses import dataclass

from govit.policy.versions import Policy, chinese_number
from govit.workflow.diagram import routing
from govit.workflow.diagram.chart import Edge, Flowchart, Node, flowchart

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
    column, lane_of_column = routing.columns(chart)
    rank = {n.code: n.rank for n in chart.nodes}
    occupied = {(column[c], r) for c, r in rank.items()}
    routes = [routing.route(e, column, rank, occupied) for e in chart.edges]
    ports = routing.ports(routes, column, rank)
    tracks, counts = routing.assign_tracks(routes, column, rank, ports)
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

    ends = routing.straighten(
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
        placed_paths.append(routing.simplify(points))

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
