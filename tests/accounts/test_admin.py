"""The Django admin: Chinese throughout; accounts by the system administrator, roles by the security administrator."""

import re

import pytest

from govit.accounts.models import Organisation, User
from govit.accounts.roles import THREE_ADMINS_APART, Role

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


def test_the_system_administrator_adds_an_account_without_roles(client_for, demo):
    response = client_for("sysadmin").post(
        "/admin/accounts/user/add/",
        {
            "username": "weijian_unit",
            "name": "林小红",
            "organisation": demo.org("weijian").pk,
            "email": "",
            "phone": "023-63890000",
            "password1": "Yuzhong-Weijian-2026",
            "password2": "Yuzhong-Weijian-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()
    created = User.objects.get(username="weijian_unit")
    assert created.organisation.code == "weijian"
    assert created.role_set == frozenset()


def test_the_system_administrator_cannot_assign_roles(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("sysadmin").post(
        _change_url(target), _change_data(target, role_codes=["unit", "bdb"])
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT}


def test_the_security_administrator_assigns_roles_in_the_admin(client_for, demo):
    target = demo["jiaowei_unit"]
    response = client_for("secadmin").post(
        _change_url(target), _change_data(target, role_codes=["unit", "unit_leader"])
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role_set == {Role.UNIT, Role.UNIT_LEADER}


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
