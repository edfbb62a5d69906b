"""3. The SVG: the laid-out chart as a standalone document, with no external references and no
web fonts (`flowchart_svg`).

Pure Python: no Django.
"""

from xml.sax.saxutils import escape, quoteattr

from govit.policy.versions import Policy, chinese_number
from govit.workflow.diagram.chart import Flowchart
from govit.workflow.diagram.layout import (
    CITE_FONT,
    HEADER_H,
    LABEL_FONT,
    LABEL_LINE,
    LINE_H,
    MARGIN,
    NODE_FONT,
    Layout,
    PlacedNode,
    flowchart_layout,
    text_width,
)

FONT_FAMILY = '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif'

KIND_NAMES = {"forward": "流转", "return": "退回修改", "reject": "不予通过", "withdraw": "撤回"}

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
