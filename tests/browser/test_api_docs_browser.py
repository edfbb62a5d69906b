"""The API docs open in Chromium with nothing fetched from outside and nothing refused by the
Content-Security-Policy (tests run with DEBUG off, so the policy is on)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_from_local_files_only(new_page, guard):
    page = new_page({"width": 1366, "height": 768})
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").filter(has_text="GovIT API").wait_for()
    page.locator(
        ".opblock-summary-path", has_text="/api/v1/projects/{project_id}/actions/{code}"
    ).first.wait_for()
    assert page.locator(".swagger-ui .auth-wrapper .authorize").is_visible()
    guard.assert_clean()
