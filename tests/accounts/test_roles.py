"""The role codes, their stored form and the 三员 rule as a pure function."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from govit.accounts.roles import (
    ADMIN_ROLES,
    BUSINESS_ROLES,
    ROLE_DUTIES,
    THREE_ADMINS_APART,
    Role,
    decode_roles,
    encode_roles,
    sort_roles,
    validate_roles,
)

EXPECTED_ROLES = {
    "unit": "项目单位经办人",
    "unit_leader": "单位负责人",
    "bdb": "区大数据发展局",
    "lg_office": "区云长制领导小组办公室",
    "drc": "区发改委",
    "finance": "区财政局",
    "audit": "区审计局",
    "cac": "区网信办",
    "expert": "专家",
    "agency": "第三方机构",
    "sysadmin": "系统管理员",
    "secadmin": "安全管理员",
    "auditadmin": "审计管理员",
}


def test_the_roles_are_exactly_the_thirteen_of_the_requirements():
    assert dict(Role.choices) == EXPECTED_ROLES


def test_the_admin_roles_are_the_three_administrators():
    assert ADMIN_ROLES == {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN}
    assert BUSINESS_ROLES == set(Role) - ADMIN_ROLES


def test_every_role_has_a_duty_to_show():
    assert set(ROLE_DUTIES) == set(Role)


def test_roles_are_stored_sorted_with_a_comma_at_each_end():
    assert encode_roles([Role.LG_OFFICE, Role.BDB]) == ",bdb,lg_office,"
    assert encode_roles(["unit", "unit"]) == ",unit,"
    assert encode_roles([]) == ""


@given(st.sets(st.sampled_from(list(Role))))
def test_decoding_gives_back_what_was_encoded(roles):
    assert set(decode_roles(encode_roles(roles))) == {role.value for role in roles}


def test_roles_sort_in_the_order_of_the_enum():
    assert sort_roles({Role.EXPERT, Role.UNIT, Role.BDB}) == [Role.UNIT, Role.BDB, Role.EXPERT]


@pytest.mark.parametrize(
    ("admin", "other"),
    [(admin, other) for admin in sorted(ADMIN_ROLES) for other in Role if other != admin],
)
def test_it_refuses_an_administrator_with_any_other_role(admin, other):
    with pytest.raises(ValidationError) as caught:
        validate_roles([admin, other])
    assert caught.value.messages == [THREE_ADMINS_APART]


@pytest.mark.parametrize("admin", sorted(ADMIN_ROLES))
def test_an_administrator_alone_is_allowed(admin):
    assert validate_roles([admin]) == {admin}


@given(st.sets(st.sampled_from(sorted(BUSINESS_ROLES))))
def test_any_combination_of_business_roles_is_allowed(roles):
    assert validate_roles(roles) == roles


def test_every_pair_of_business_roles_is_allowed():
    for pair in itertools.combinations(sorted(BUSINESS_ROLES), 2):
        assert validate_roles(pair) == set(pair)


def test_it_refuses_an_unknown_code_and_names_it():
    with pytest.raises(ValidationError) as caught:
        validate_roles(["unit", "mayor"])
    assert caught.value.messages == ["未知的角色代码：mayor。"]
