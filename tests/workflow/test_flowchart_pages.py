"""The flowcharts page and the SVG downloads (R7.1)."""

from urllib.parse import quote

import pytest

from govit.workflow.diagram import FLOWS


def test_the_page_shows_every_flow_inline_with_its_steps(client_for):
    response = client_for("jiaowei_unit").get("/flowcharts/")
    content = response.content.decode()
    for flow, title in FLOWS.items():
        assert f'id="flow-{flow}"' in content and title in content
        assert f'href="/flowcharts/{flow}.svg"' in content
    assert content.count("<svg") == len(FLOWS)
    assert "<?xml" not in content  # the SVGs are inline elements, not documents
    steps = response.context["charts"][0]["steps"]
    assert steps and all(row.article for row in steps)
    assert "区发改委" in content and "第十三条" in content


@pytest.mark.parametrize("flow", list(FLOWS))
def test_each_flow_downloads_as_an_svg_with_a_chinese_filename(client_for, flow):
    response = client_for("bdb").get(f"/flowcharts/{flow}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(f"{FLOWS[flow]}.svg")
    assert response.content.decode().startswith("<?xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_an_unknown_flow_is_404(client_for):
    assert client_for("bdb").get("/flowcharts/other.svg").status_code == 404
