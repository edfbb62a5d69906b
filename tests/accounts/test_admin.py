"""The Django admin: Chinese throughout; accounts by the system administrator, roles by the security administrator."""

import re

import pytest
from django.utils import timezone

from govit.accounts.models import Organisation, RoleGrant, User
from govit.accounts.roles import THREE_ADMINS_APART, Role
from govit.audit.models import AuditEvent

CJK = re.compile(r"[\u4e00-\u9fff]")


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _change_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "name": user.name,
        "organisation": user.organisation_id or "",
        "email": user.email,
        "phone": user.phone,
        "is_active": "on",
        "role_codes": [role.value for role in user.role_list],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("model", [Organisation, User])
def test_every_field_and_model_has_a_chinese_name(model):
    assert CJK.search(str(model._meta.verbose_name))
    for field in model._meta.get_fields():
        if (field.concrete or field.many_to_many) and not field.auto_created:
            assert CJK.search(str(field.verbose_name)), f"{model.__name__}.{field.name}"


def test_the_system_administrator_lists_people_in_chinese(client_for):
    response = client_for("sysadmin").get("/admin/accounts/user/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "王晓燕" in content and "项目单位经办人" in content
    assert "GovIT 政务信息化项目管理平台 · 管理后台" in content


def test_a_business_user_cannot_open_the_admin(client_for):
    response = client_for("bdb").get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_system_administrator_adds_an_account_without_roles_or_password(client_for, demo, mailoutbox):
    response = client_for("sysadmin").post(
        "/admin/accounts/user/add/",
        {
            "username": "weijian_unit",
            "name": "林小红",
            "organisation": demo.org("weijian").pk,
            "email": "linxh@yuzhong.example",
            "phone": "023-63890000",
            "password1": "Yuzhong-Weijian-2026",
            "password2": "Yuzhong-Weijian-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()
    created = User.objects.get(username="weijian_unit")
    assert created.organisation.code == "weijian"
    assert created.role_set == frozenset()
    # The password the administrator typed was ignored: the person sets one through the mailed link.
    assert not created.has_usable_password()
    assert [mail.to for mail in mailoutbox] == [["linxh@yuzhong.example"]]
    assert "/account/reset/" in mailoutbox[0].body


def test_the_system_administrator_cannot_assign_roles(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("sysadmin").post(
        _change_url(target), _change_data(target, role_codes=["unit", "bdb"])
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT}


def test_the_security_administrator_proposes_roles_in_the_admin_and_the_bdb_confirms(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("secadmin").post(
        _change_url(target),
        _change_data(target, role_codes=["unit", "unit_leader"], role_reason="兼任单位负责人"),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT}
    grant = RoleGrant.objects.get(user=target, state=RoleGrant.State.PROPOSED)
    assert grant.reason == "兼任单位负责人"
    bdb = client_for("bdb")
    assert "兼任单位负责人" in bdb.get("/account/grants/").content.decode()
    assert client_for("jiaowei_leader").get("/account/grants/").status_code == 403
    response = bdb.post(f"/account/grants/{grant.pk}/", {"decision": "confirm", "note": "同意"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT, Role.UNIT_LEADER}


def test_the_system_administrator_never_sets_a_password(client_for, demo):
    target = demo["jiaowei_unit"]
    admin = client_for("sysadmin")
    assert admin.get(f"/admin/accounts/user/{target.pk}/password/").status_code == 403
    response = admin.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "Another-Pass-2026", "password2": "Another-Pass-2026"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.check_password("GovIT-Demo-2026")
    page = admin.get(_change_url(target)).content.decode()
    assert "password" not in [name for name in ("password",) if f'name="{name}"' in page]


def test_a_reset_mails_the_person_a_one_time_link_and_nobody_else_sees_it(
    client_for, demo, mailoutbox, client
):
    target = demo["jiaowei_unit"]
    admin = client_for("sysadmin")
    response = admin.post(
        "/admin/accounts/user/", {"action": "send_reset_link", "_selected_action": [target.pk]}, follow=True
    )
    content = response.content.decode()
    assert "已向" in content and "/account/reset/" not in content
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [target.email]
    link = next(word for word in mailoutbox[0].body.split() if "/account/reset/" in word)
    target.refresh_from_db()
    assert not target.has_usable_password()  # the old password works no more
    path = link.split("testserver")[1]
    form_page = client.get(path, follow=True)
    assert "请设置新密码" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    too_weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "密码" in too_weak.content.decode() and too_weak.status_code == 200
    done = client.post(set_url, {"new_password1": "Jiaowei-New-2026", "new_password2": "Jiaowei-New-2026"})
    assert done.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Jiaowei-New-2026") and not target.must_change_password
    again = client.get(path, follow=True)
    assert "链接已失效" in again.content.decode()
    assert AuditEvent.objects.filter(action="password_reset_issued", actor=demo["sysadmin"]).exists()
    assert AuditEvent.objects.filter(action="password_reset", actor=target).exists()


def test_a_reset_needs_the_persons_own_mailbox(client_for, demo, mailoutbox):
    target = demo["jiaowei_unit"]
    User.objects.filter(pk=target.pk).update(email="")
    response = client_for("sysadmin").post(
        "/admin/accounts/user/", {"action": "send_reset_link", "_selected_action": [target.pk]}, follow=True
    )
    assert "未登记电子邮箱" in response.content.decode() and not mailoutbox


def test_the_mailbox_of_a_used_account_is_not_the_administrators_to_change(client_for, demo):
    target = demo["jiaowei_unit"]
    User.objects.filter(pk=target.pk).update(last_login=timezone.now())
    client_for("sysadmin").post(_change_url(target), _change_data(target, email="sysadmin@evil.example"))
    target.refresh_from_db()
    assert target.email == "jiaowei_unit@yuzhong.example"


def test_a_person_with_roles_is_not_moved_to_another_organisation(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("sysadmin").post(
        _change_url(target), _change_data(target, organisation=demo.org("jiefangbei").pk)
    )
    assert response.status_code == 200 and "请先由安全管理员撤销其角色" in response.content.decode()
    target.refresh_from_db()
    assert target.organisation.code == "jiaowei"


def test_the_admin_shows_the_three_admins_rule_next_to_the_roles(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("secadmin").post(
        _change_url(target), _change_data(target, role_codes=["unit", "sysadmin"])
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role_codes"] == [THREE_ADMINS_APART]
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT}


def test_the_security_administrator_cannot_change_their_own_roles_in_the_admin(client_for, demo):
    me = demo["secadmin"]
    client_for("secadmin").post(_change_url(me), _change_data(me, role_codes=["auditadmin"]))
    me.refresh_from_db()
    assert me.role_set == {Role.SECADMIN}


def test_an_account_manager_cannot_make_anyone_superuser(client_for, demo):
    target = demo["sysadmin"]
    client_for("sysadmin").post(_change_url(target), _change_data(target, is_superuser="on", is_staff="on"))
    target.refresh_from_db()
    assert not target.is_superuser


def test_the_system_administrator_adds_an_organisation(client_for):
    response = client_for("sysadmin").post(
        "/admin/accounts/organisation/add/",
        {
            "code": "wenhuaguan",
            "name": "重庆市渝中区文化馆",
            "short_name": "区文化馆",
            "kind": "institution",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(code="wenhuaguan").get_kind_display() == "直属事业单位"
