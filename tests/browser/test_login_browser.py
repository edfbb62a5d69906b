"""A demo person logs in through the real login page in Chromium, on a desktop and a phone."""

import pytest

from govit.front.forms import INVALID_LOGIN

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}

VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_unit_user_logs_in_and_sees_who_they_are(demo, new_page, screenshot, guard, viewport, request):
    size = request.node.callspec.id
    page = new_page(viewport)
    page.goto("/")
    page.wait_for_url("**/login/?next=/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", name="用户登录").is_visible()
    assert _fits_the_width(page)
    screenshot(page, f"login-{size}")

    page.get_by_label("用户名").fill("jiaowei_unit")
    page.get_by_label("密码").fill("GovIT-Demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: url.endswith("/") and "login" not in url)

    main = page.locator("main")
    assert "王晓燕" in main.inner_text()
    assert "重庆市渝中区教育委员会" in main.inner_text()
    assert page.locator(".tag", has_text="项目单位经办人").is_visible()
    assert page.locator(".site-header").get_by_text("区教委").is_visible()
    assert page.get_by_role("button", name="退出登录").is_visible()
    assert _fits_the_width(page)
    screenshot(page, f"home-{size}")
    guard.assert_clean()


def test_a_wrong_password_shows_a_chinese_error(demo, new_page, screenshot):
    page = new_page(DESKTOP)
    page.goto("/login/")
    page.get_by_label("用户名").fill("jiaowei_unit")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text() == INVALID_LOGIN
    screenshot(page, "login-error-desktop")


def test_logout_returns_to_the_login_page(demo, new_page):
    page = new_page(PHONE)
    page.goto("/login/")
    page.get_by_label("用户名").fill("bdb")
    page.get_by_label("密码").fill("GovIT-Demo-2026")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/login/")
    page.goto("/")
    page.wait_for_url("**/login/?next=/")


def test_the_harness_catches_a_request_to_outside_the_machine(db, new_page, guard, settings):
    # With the Content-Security-Policy off, only the route guard stands between the page and the internet.
    settings.CONTENT_SECURITY_POLICY = ""
    page = new_page(DESKTOP)
    page.goto("/login/")
    page.evaluate("fetch('https://cdn.example.com/x.js').catch(() => null)")
    assert guard.outside_requests == ["https://cdn.example.com/x.js"]
    with pytest.raises(AssertionError, match="outside the machine"):
        guard.assert_clean()
    # Forget what this test provoked on purpose, so the fixture's own check passes.
    guard.outside_requests.clear()
    guard.console_errors.clear()
