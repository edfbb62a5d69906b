"""The flowcharts of Attachments 4 and 5 (and O&M), drawn from the lifecycle declaration (R7.1)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from govit import clock
from govit.projects import policies
from govit.workflow.diagram import FLOWS, flowchart_steps, flowchart_svg

# A standalone SVG opened on its own draws nothing from outside and runs nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _inline(svg: str) -> str:
    """The SVG document as an element to put inside the page (the XML declaration dropped)."""
    return svg.split("?>", 1)[1].strip() if svg.startswith("<?xml") else svg


@login_required
@require_GET
def flowchart_list(request: HttpRequest) -> HttpResponse:
    """Every flow's chart, with the same steps as a table for reading and for screen readers."""
    rules = policies.in_force(clock.today())  # the charts of the Rules in force today
    charts = [
        {
            "flow": flow,
            "title": title,
            "svg": mark_safe(_inline(flowchart_svg(flow, rules))),
            "steps": flowchart_steps(flow, rules),
        }
        for flow, title in FLOWS.items()
    ]
    return render(request, "workflow/flowcharts.html", {"charts": charts})


@login_required
@require_GET
def flowchart_download(request: HttpRequest, flow: str) -> HttpResponse:
    if flow not in FLOWS:
        raise Http404("没有这个流程图。")
    svg = flowchart_svg(flow, policies.in_force(clock.today()))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{FLOWS[flow]}.svg"
    )
    response["Content-Security-Policy"] = SVG_POLICY
    return response
