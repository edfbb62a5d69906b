"""The user model: roles as a set, the role query, clean() and the manager."""

import pytest
from django.core.exceptions import ValidationError

from govit.accounts.models import Organisation, User
from govit.accounts.roles import THREE_ADMINS_APART, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def bdb() -> Organisation:
    return Organisation.objects.create(
        code="bdb", name="重庆市渝中区大数据发展局", kind=Organisation.Kind.BUREAU, office="bdb"
    )


@pytest.fixture
def jiaowei() -> Organisation:
    return Organisation.objects.create(
        code="jiaowei", name="重庆市渝中区教育委员会", kind=Organisation.Kind.DEPARTMENT
    )


def _user(username: str, organisation: Organisation, *roles: Role) -> User:
    return User.objects.create_user(username, name="测试", organisation=organisation, roles=roles)


def test_role_set_and_has_role(bdb):
    user = _user("li", bdb, Role.LG_OFFICE, Role.BDB)
    assert user.roles == ",bdb,lg_office,"
    assert user.role_set == {Role.BDB, Role.LG_OFFICE}
    assert user.has_role("bdb")
    assert user.has_role(Role.LG_OFFICE)
    assert not user.has_role(Role.DRC)
    assert user.role_list == [Role.BDB, Role.LG_OFFICE]


def test_an_unknown_stored_code_grants_nothing(bdb):
    user = _user("li", bdb, Role.BDB)
    user.roles = ",bdb,mayor,"
    assert user.role_set == {Role.BDB}


def test_with_role_matches_a_role_exactly(jiaowei):
    unit = _user("unit", jiaowei, Role.UNIT)
    leader = _user("leader", jiaowei, Role.UNIT_LEADER)
    both = _user("both", jiaowei, Role.UNIT, Role.UNIT_LEADER)
    assert set(User.objects.with_role(Role.UNIT)) == {unit, both}
    assert set(User.objects.with_role("unit_leader")) == {leader, both}
    assert not User.objects.with_role(Role.EXPERT).exists()


def test_with_role_refuses_an_unknown_code():
    with pytest.raises(ValueError):
        User.objects.with_role("mayor")


def test_clean_refuses_the_three_admins_together_with_the_rule_in_chinese(bdb):
    user = User(username="x", name="测试", organisation=bdb, roles=",sysadmin,unit,")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert caught.value.message_dict["roles"] == [THREE_ADMINS_APART]


def test_clean_refuses_an_unknown_code(bdb):
    user = User(username="x", name="测试", organisation=bdb, roles=",mayor,")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert caught.value.message_dict["roles"] == ["未知的角色代码：mayor。"]


def test_clean_asks_a_business_user_for_an_organisation():
    user = User(username="x", name="测试", roles=",unit,")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert caught.value.message_dict["organisation"] == ["请选择所属单位。"]


def test_clean_accepts_a_valid_user(bdb):
    User(username="x", name="测试", organisation=bdb, roles=",bdb,lg_office,", password="!").full_clean()


def test_create_user_refuses_the_three_admins_together(bdb):
    with pytest.raises(ValidationError):
        _user("x", bdb, Role.SECADMIN, Role.AUDITADMIN)
    assert not User.objects.exists()


def test_create_superuser_is_a_system_administrator():
    user = User.objects.create_superuser("root", "a-long-password", name="管理员")
    assert user.is_staff and user.is_superuser
    assert user.role_set == {Role.SYSADMIN}
    assert user.check_password("a-long-password")


def test_str_shows_name_and_username(bdb):
    assert str(_user("li", bdb, Role.BDB)) == "测试（li）"
    assert str(bdb) == "重庆市渝中区大数据发展局"


@pytest.mark.parametrize("phone", ["13883001001", "023-63891201", "02363891201", "0851-8612345"])
def test_a_mobile_or_a_fixed_line_with_area_code_is_a_phone(bdb, phone):
    User(username="x", name="测试", organisation=bdb, password="!", phone=phone).full_clean()


@pytest.mark.parametrize("phone", ["63891201", "12345678901", "138-8300-1001", "电话"])
def test_anything_else_is_not_a_phone(bdb, phone):
    with pytest.raises(ValidationError) as caught:
        User(username="x", name="测试", organisation=bdb, password="!", phone=phone).full_clean()
    assert "phone" in caught.value.message_dict


def test_clean_refuses_a_role_outside_its_organisation_in_chinese(jiaowei):
    user = User(username="x", name="测试", organisation=jiaowei, roles=",finance,", password="!")
    with pytest.raises(ValidationError) as caught:
        user.full_clean()
    assert caught.value.message_dict["roles"] == ["“区财政局”角色只能由区财政局的人员担任。"]
