"""The flowcharts of the Rules' 附件4 and 附件5, and one for O&M, drawn from the lifecycle (R7.1).

Nothing here lists steps. A chart's edges are the declared transitions that apply on the route
paths the flow covers and to its project category, its nodes the states those transitions touch;
a change to `lifecycle.TRANSITIONS` redraws every chart. A chart runs the whole life, from the
application (第九条) through approval, construction, acceptance and delivery to its end.
Three layers, each built on the one before, each a module of this package:

1. `chart`: `flowchart(flow)` — what is drawn: lanes, nodes, edges, each edge with its article;
   `flowchart_steps(flow)` the same chart as table rows.
2. `layout`: `flowchart_layout(flow)` — where: a deterministic swimlane layout (ranks by longest
   path, orthogonal edges routed through the free channels between boxes by `routing`, labels
   placed clear of boxes).
3. `svg`: `flowchart_svg(flow)` — a standalone SVG.

This package's names are the ones callers use; each layer imports only the ones before it.

Pure Python: no Django, so the charts can be drawn anywhere the declaration can be read.
"""

from govit.workflow.diagram.chart import (
    FLOWS,
    Edge,
    Flowchart,
    Lane,
    Node,
    StepRow,
    flowchart,
    flowchart_steps,
)
from govit.workflow.diagram.layout import (
    LaneBand,
    Layout,
    PlacedEdge,
    PlacedNode,
    Rect,
    flowchart_layout,
    text_width,
)
from govit.workflow.diagram.svg import FONT_FAMILY, KIND_NAMES, STYLES, flowchart_svg

__all__ = [
    "FLOWS",
    "FONT_FAMILY",
    "KIND_NAMES",
    "STYLES",
    "Edge",
    "Flowchart",
    "Lane",
    "LaneBand",
    "Layout",
    "Node",
    "PlacedEdge",
    "PlacedNode",
    "Rect",
    "StepRow",
    "flowchart",
    "flowchart_layout",
    "flowchart_steps",
    "flowchart_svg",
    "text_width",
]
