"""The grid under the layout (2.): each node's column, each edge's route through the free channels
between boxes, the tracks of parallel runs and the ports on a box's sides, before coordinates.

Pure Python: no Django.
"""

from dataclasses import dataclass

from govit.workflow.diagram.chart import Edge, Flowchart, Lane, Node

Point = tuple[float, float]


@dataclass
class Route:
    """An edge's route in grid terms, before coordinates: columns, ranks, gutters and gaps."""

    edge: Edge
    vertical: bool  # out of the source's bottom, into the target's top
    gap: int | None = None  # the gap (between ranks gap-1 and gap) its horizontal run uses
    gutters: tuple[int, ...] = ()  # the gutters (gutter g is left of column g) its vertical runs use
    out_side: str = "bottom"
    in_side: str = "top"


def columns(chart: Flowchart) -> tuple[dict[str, int], list[int]]:
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


def route(e: Edge, column: dict[str, int], rank: dict[str, int], occupied: set[tuple[int, int]]) -> Route:
    cs, ct, rs, rt = column[e.source], column[e.target], rank[e.source], rank[e.target]
    if rt > rs:
        # Straight down where the columns are free: out of the bottom, across one gap, into the top.
        for gap in range(rt, rs, -1):
            if all((cs, r) not in occupied for r in range(rs + 1, gap)) and all(
                (ct, r) not in occupied for r in range(gap, rt)
            ):
                return Route(e, vertical=True, gap=gap)
    # Otherwise through the gutters beside the two boxes, which no box ever occupies.
    gs = cs + 1 if ct >= cs else cs
    gt = ct if ct > cs else ct + 1
    found = Route(e, vertical=False, out_side="right" if gs > cs else "left")
    found.in_side = "left" if gt <= ct else "right"
    if gs == gt:
        found.gutters = (gs,)
    else:
        found.gutters = (gs, gt)
        found.gap = rt if rt > rs else rt + 1
    return found


def assign_tracks(routes: list[Route], column, rank, ports) -> tuple[dict, dict]:
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


def ports(routes: list[Route], column, rank) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each edge leaves and enters its boxes: (index, count) on the side it uses."""
    sides: dict[tuple[str, str], list[tuple[tuple, int, str]]] = {}
    for i, r in enumerate(routes):
        s, t = r.edge.source, r.edge.target
        # Order along a side by where the other end lies, so arrows leaving one side do not cross.
        along = (lambda o: (column[o], rank[o])) if r.vertical else (lambda o: (rank[o], column[o]))
        sides.setdefault((s, r.out_side), []).append((along(t), i, "out"))
        sides.setdefault((t, r.in_side), []).append((along(s), i, "in"))
    at: dict[tuple[int, str], tuple[int, int]] = {}
    for entries in sides.values():
        for k, (_, i, end) in enumerate(sorted(entries)):
            at[(i, end)] = (k, len(entries))
    return [(at[(i, "out")], at[(i, "in")]) for i in range(len(routes))]


def straighten(ends: list[tuple[Point, Point]], routes: list[Route], column, boxes, straight: set[int]):
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


def simplify(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
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
