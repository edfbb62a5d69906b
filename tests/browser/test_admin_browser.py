"""The Django admin works under GovIT's Content-Security-Policy, with nothing loaded from outside."""

import pytest

from govit.accounts.models import User
from govit.accounts.roles import Role

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}


def _log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("GovIT-Demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/")


def test_the_security_administrator_assigns_a_role_in_the_admin(demo, new_page, screenshot, guard):
    page = new_page(DESKTOP)
    _log_in(page, "secadmin")
    page.goto(f"/admin/accounts/user/{demo['jiaowei_unit'].pk}/change/")
    page.get_by_label("单位负责人").check()
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/accounts/user/")
    assert User.objects.get(username="jiaowei_unit").role_set == {Role.UNIT, Role.UNIT_LEADER}
    screenshot(page, "admin-users-desktop")
    guard.assert_clean()
