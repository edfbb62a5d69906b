"""The Django admin works under GovIT's Content-Security-Policy, with nothing loaded from outside."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.fixtures.api import totp_code

from govit.accounts.models import User
from govit.accounts.roles import Role

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}


def _log_in(page, username: str, wait: str = "**/") -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("GovIT-Demo-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(wait)


def test_the_security_administrator_sets_up_two_factor_proposes_a_role_and_the_bdb_confirms(
    demo, new_page, screenshot, guard
):
    page = new_page(DESKTOP)
    _log_in(page, "secadmin", wait="**/account/two-factor/**")
    # The three administrators set up a second factor before anything else: a QR code drawn locally.
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "two-factor-setup-desktop")
    device = TOTPDevice.objects.get(user=demo["secadmin"], confirmed=False)
    page.get_by_label("验证码").fill(totp_code(device))
    page.get_by_role("button", name="启用").click()
    page.get_by_text("请妥善保存这些恢复码").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-codes-desktop")

    page.goto(f"/admin/accounts/user/{demo['jiaowei_unit'].pk}/change/")
    page.get_by_label("单位负责人").check()
    page.get_by_label("变更理由").fill("兼任单位负责人")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url("**/admin/accounts/user/")
    page.get_by_text("经区大数据发展局工作人员确认后生效").wait_for()
    assert User.objects.get(username="jiaowei_unit").role_set == {Role.UNIT}
    screenshot(page, "admin-users-desktop")

    bdb = new_page(DESKTOP)
    _log_in(bdb, "bdb")
    bdb.get_by_role("link", name="角色授权").click()
    bdb.get_by_text("兼任单位负责人").wait_for()
    screenshot(bdb, "role-grants-desktop")
    bdb.get_by_role("button", name="确认生效").click()
    bdb.get_by_text("的角色变更已生效").wait_for()
    assert User.objects.get(username="jiaowei_unit").role_set == {Role.UNIT, Role.UNIT_LEADER}
    guard.assert_clean()
