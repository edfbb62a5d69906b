"""The flowcharts as standalone SVG: well-formed, self-contained, legible, laid out without overlaps."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest
from tests.rules import YUZHONG

from govit.policy.versions import chinese_number
from govit.workflow import lifecycle
from govit.workflow.diagram import FLOWS, FONT_FAMILY, flowchart, flowchart_layout, flowchart_svg, text_width

SVG = "{http://www.w3.org/2000/svg}"
XMLNS = 'xmlns="http://www.w3.org/2000/svg"'


def parse(flow: str) -> ET.Element:
    return ET.fromstring(flowchart_svg(flow, YUZHONG).encode("utf-8"))


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


@pytest.mark.parametrize("flow", FLOWS)
def test_it_is_a_standalone_svg_document(flow):
    svg = flowchart_svg(flow, YUZHONG)
    root = parse(flow)

    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert float(root.get("width")) > 800 and float(root.get("height")) > 800
    assert root.find(f"{SVG}title").text == FLOWS[flow]
    assert root.get("font-family") == FONT_FAMILY


@pytest.mark.parametrize("flow", FLOWS)
def test_it_refers_to_nothing_outside_itself(flow):
    svg = flowchart_svg(flow, YUZHONG)

    assert "http" not in svg.replace(XMLNS, "")
    assert "href" not in svg
    assert "<image" not in svg
    assert "@import" not in svg and "@font-face" not in svg
    assert set(re.findall(r"url\((.)", svg)) == {"#"}


@pytest.mark.parametrize("flow", FLOWS)
def test_it_shows_every_state_lane_and_article_in_chinese_numerals(flow):
    chart = flowchart(flow, YUZHONG)
    root = parse(flow)
    shown = "\n".join(texts(root))
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}

    for node in chart.nodes:
        group = groups[f"govit-{flow}-{node.code}"]
        assert group.find(f"{SVG}title").text == node.label
        lines = [t.text for t in group.iter(f"{SVG}text") if t.get("class") == "label"]
        assert "".join(lines) == node.label  # wrapped to fit the box
        cites = [t.text for t in group.iter(f"{SVG}text") if t.get("class") == "cites"]
        assert "".join(cites) == "、".join(f"第{chinese_number(a)}条" for a in node.articles)
    for lane in chart.lanes:
        assert lane.label in shown
    for e in chart.edges:
        assert f"{e.short_label} {e.cite}" in shown
        if e.condition:
            assert e.condition in shown
    later = "第二十五条" if flow == "om" else "第二十四条"  # O&M (第二十五条) or delivery (第二十四条)
    assert "第十三条" in shown and "第十一条" in shown and later in shown
    assert not re.search(r"第\d+条", shown)


@pytest.mark.parametrize("flow", FLOWS)
def test_every_transition_is_an_arrow_and_returns_look_different(flow):
    chart = flowchart(flow, YUZHONG)
    paths = [p for p in parse(flow).iter(f"{SVG}path") if "edge" in (p.get("class") or "").split()]

    assert len(paths) == len(chart.edges)
    style = {}
    for p, e in zip(paths, chart.edges, strict=True):
        assert p.get("class") == f"edge edge-{e.kind}"
        assert p.get("marker-end") == f"url(#govit-{flow}-arrow-{e.kind})"
        assert e.cite in p.find(f"{SVG}title").text
        style[e.kind] = (p.get("stroke"), p.get("stroke-dasharray"))
    assert style["forward"][1] is None
    assert len({style[k] for k in ("forward", "return", "reject", "withdraw")}) == 4
    assert all(style[k][1] for k in ("return", "reject", "withdraw"))


@pytest.mark.parametrize("flow", FLOWS)
def test_the_start_and_the_ends_are_marked(flow):
    groups = {g.get("id").removeprefix(f"govit-{flow}-"): g for g in parse(flow).iter(f"{SVG}g")}
    classes = {code: g.get("class") for code, g in groups.items()}
    ends = {n.code for n in flowchart(flow, YUZHONG).nodes if n.end}

    def fill(code: str) -> str:
        return next(r.get("fill") for r in groups[code].iter(f"{SVG}rect") if r.get("fill") != "none")

    assert classes["draft"] == "node start"
    assert {code for code, c in classes.items() if c == "node end"} == ends
    assert {"rejected", "withdrawn"} < ends and "approved" not in ends
    assert classes["listing"] == classes["approved"] == "node"
    # A life that ran its course ends green, one refused or given up red.
    course = (ends - {"rejected", "withdrawn"}).pop()
    assert fill(course) != fill("rejected") == fill("withdrawn")
    assert fill(course) != fill("listing")


def test_text_from_the_declaration_is_escaped(monkeypatch):
    states = tuple(
        lifecycle.State(**{**s.__dict__, "label": "草稿 <A&B>"}) if s.code == "draft" else s
        for s in lifecycle.STATES
    )
    monkeypatch.setattr(lifecycle, "STATES", states)

    root = parse("service")

    assert "草稿 <A&B>" in [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g")]


def test_a_transition_added_to_the_declaration_is_drawn(monkeypatch):
    hold = lifecycle.Transition("hold", "暂缓纳入清单", ("listing",), "returned", "bdb", 12, kind="return")
    monkeypatch.setattr(lifecycle, "TRANSITIONS", (*lifecycle.TRANSITIONS, hold))

    root = parse("om")

    assert "暂缓纳入清单 第十二条" in texts(root)
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "edge edge-return"]) == len(
        [e for e in flowchart("om", YUZHONG).edges if e.kind == "return"]
    )


@pytest.mark.parametrize("flow", FLOWS)
def test_the_layout_overlaps_no_box_and_hides_no_label(flow):
    layout = flowchart_layout(flow, YUZHONG)
    boxes = [p.box for p in layout.nodes]
    labels = [e.label_box for e in layout.edges]

    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    for label in labels:
        assert not any(label.overlaps(b) for b in boxes)
        assert 0 <= label.x and label.x + label.w <= layout.width
    for a, b in combinations(labels, 2):
        assert not a.overlaps(b)
    for e in layout.edges:
        # Arrows run between boxes: no segment crosses a box other than at its own two ends.
        others = [p.box for p in layout.nodes if p.node.code not in (e.edge.source, e.edge.target)]
        for a, b in zip(e.points, e.points[1:], strict=False):
            assert not any(box.crosses(a, b) for box in others), (e.edge.code, a, b)


@pytest.mark.parametrize("flow", FLOWS)
def test_each_lane_holds_its_nodes_and_ranks_run_downwards(flow):
    layout = flowchart_layout(flow, YUZHONG)
    bands = {band.role: band for band in layout.lanes}

    for p in layout.nodes:
        band = bands[p.node.lane]
        assert band.x <= p.box.x and p.box.x + p.box.w <= band.x + band.w
    for a, b in combinations(layout.nodes, 2):
        if a.node.rank < b.node.rank:
            assert a.box.y + a.box.h < b.box.y


def test_the_drawing_is_deterministic():
    assert [flowchart_svg(f, YUZHONG) for f in FLOWS] == [flowchart_svg(f, YUZHONG) for f in FLOWS]


PROGRAM = """
import json, sys
from govit.policy.versions import load_policy
from govit.workflow.diagram import FLOWS, flowchart_steps, flowchart_svg
rules = load_policy("yuzhong-2021")
sizes = [len(flowchart_svg(f, rules)) + len(flowchart_steps(f, rules)) for f in FLOWS]
django = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(json.dumps({"sizes": sizes, "django": django}))
"""


def test_the_workflow_package_draws_without_django():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}

    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, env=environment, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert report["django"] == []
    assert all(size > 1000 for size in report["sizes"])


@pytest.mark.parametrize("flow", FLOWS)
def test_every_text_fits_on_the_canvas_and_in_its_box(flow):
    root = parse(flow)
    width = float(root.get("width"))
    layout = flowchart_layout(flow, YUZHONG)

    for t in root.iter(f"{SVG}text"):
        size, x = float(t.get("font-size")), float(t.get("x"))
        w = text_width(t.text, size)
        left = x - w / 2 if t.get("text-anchor") == "middle" else x
        assert 0 <= left and left + w <= width, t.text
    for p in layout.nodes:
        for line in (*p.lines, *p.cites):
            assert text_width(line, 13) <= p.box.w, line


@pytest.mark.parametrize("flow", FLOWS)
def test_the_legend_names_the_ends(flow):
    shown = texts(parse(flow))
    chart = flowchart(flow, YUZHONG)
    finished = "、".join(n.label for n in chart.nodes if n.end and not n.cut_short)
    stopped = "、".join(n.label for n in chart.nodes if n.cut_short)

    assert f"结束：{finished}" in shown and f"结束：{stopped}" in shown
