"""user_set_roles: only the security administrator assigns roles, and never breaks the 三员 rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from govit.accounts.roles import ADMIN_ROLES, THREE_ADMINS_APART, Role
from govit.accounts.services import NO_SELF_ASSIGNMENT, ONLY_SECADMIN_ASSIGNS_ROLES, user_set_roles


def test_the_security_administrator_assigns_business_roles(demo):
    user = user_set_roles(user=demo["bdb"], roles=[Role.BDB, Role.LG_OFFICE], by=demo["secadmin"])
    assert user.role_set == {Role.BDB, Role.LG_OFFICE}
    user.refresh_from_db()
    assert user.roles == ",bdb,lg_office,"


def test_an_empty_list_takes_every_role_away(demo):
    user_set_roles(user=demo["jiaowei_unit"], roles=[], by=demo["secadmin"])
    demo["jiaowei_unit"].refresh_from_db()
    assert demo["jiaowei_unit"].role_set == frozenset()


@pytest.mark.parametrize(
    ("admin", "other"),
    [(admin, other) for admin in sorted(ADMIN_ROLES) for other in Role if other != admin],
)
def test_it_refuses_an_administrator_with_another_role(demo, admin, other):
    with pytest.raises(ValidationError) as caught:
        user_set_roles(user=demo["jiaowei_unit"], roles=[admin, other], by=demo["secadmin"])
    assert caught.value.messages == [THREE_ADMINS_APART]
    demo["jiaowei_unit"].refresh_from_db()
    assert demo["jiaowei_unit"].role_set == {Role.UNIT}


def test_it_makes_an_administrator_of_someone_with_no_other_role(demo):
    user_set_roles(user=demo["sysadmin"], roles=[Role.AUDITADMIN], by=demo["secadmin"])
    demo["sysadmin"].refresh_from_db()
    assert demo["sysadmin"].role_set == {Role.AUDITADMIN}


def test_it_refuses_an_unknown_code(demo):
    with pytest.raises(ValidationError):
        user_set_roles(user=demo["bdb"], roles=["mayor"], by=demo["secadmin"])


@pytest.mark.parametrize("username", ["sysadmin", "auditadmin", "bdb", "jiaowei_leader"])
def test_only_the_security_administrator_assigns_roles(demo, username):
    with pytest.raises(PermissionDenied, match=ONLY_SECADMIN_ASSIGNS_ROLES):
        user_set_roles(user=demo["jiaowei_unit"], roles=[Role.UNIT_LEADER], by=demo[username])
    demo["jiaowei_unit"].refresh_from_db()
    assert demo["jiaowei_unit"].role_set == {Role.UNIT}


def test_a_deactivated_security_administrator_assigns_nothing(demo):
    secadmin = demo["secadmin"]
    secadmin.is_active = False
    with pytest.raises(PermissionDenied, match=ONLY_SECADMIN_ASSIGNS_ROLES):
        user_set_roles(user=demo["bdb"], roles=[Role.DRC], by=secadmin)


def test_the_security_administrator_cannot_change_their_own_roles(demo):
    with pytest.raises(PermissionDenied, match=NO_SELF_ASSIGNMENT):
        user_set_roles(user=demo["secadmin"], roles=[Role.SECADMIN], by=demo["secadmin"])
