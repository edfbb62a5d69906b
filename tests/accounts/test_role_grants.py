"""Role grants (三员分立, 双人复核): the security administrator proposes, an officer of the BDB
confirms; taking roles away is at once; the three administrator roles only at the console; a role
only in the organisation that may hold it, held by the database as well."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from govit.accounts.models import Organisation, RoleGrant, User
from govit.accounts.roles import ADMIN_ROLES, ROLE_HOMES, THREE_ADMINS_APART, Role
from govit.accounts.services import (
    ADMIN_ROLES_AT_THE_CONSOLE,
    GRANT_STALE,
    NO_SELF_ASSIGNMENT,
    NOT_YOUR_OWN_GRANT,
    ONE_OPEN_GRANT,
    ONLY_BDB_CONFIRMS,
    ONLY_SECADMIN_ASSIGNS_ROLES,
    role_grant_confirm,
    role_grant_propose,
    role_grant_reject,
)


def _propose(demo, username, roles, by="secadmin"):
    return role_grant_propose(user=demo[username], roles=roles, by=demo[by], reason="岗位调整")


def _roles(demo, username):
    return User.objects.get(pk=demo[username].pk).role_set


def test_a_grant_waits_for_the_bdb_and_then_takes_effect(demo):
    grant = _propose(demo, "jiaowei_unit", [Role.UNIT, Role.UNIT_LEADER])
    assert grant.state == RoleGrant.State.PROPOSED
    assert _roles(demo, "jiaowei_unit") == {Role.UNIT}
    role_grant_confirm(grant=grant, by=demo["bdb"])
    assert _roles(demo, "jiaowei_unit") == {Role.UNIT, Role.UNIT_LEADER}
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == (RoleGrant.State.CONFIRMED, demo["bdb"])


def test_a_rejected_grant_changes_nothing(demo):
    grant = _propose(demo, "jiaowei_unit", [Role.UNIT_LEADER])
    with pytest.raises(ValidationError):
        role_grant_reject(grant=grant, by=demo["bdb"], note="   ")
    role_grant_reject(grant=grant, by=demo["bdb"], note="未经单位负责人同意")
    assert _roles(demo, "jiaowei_unit") == {Role.UNIT}
    with pytest.raises(ValidationError):
        role_grant_confirm(grant=grant, by=demo["bdb"])


def test_taking_roles_away_is_at_once(demo):
    grant = _propose(demo, "jiaowei_unit", [])
    assert grant.state == RoleGrant.State.CONFIRMED and grant.decided_by is None
    assert _roles(demo, "jiaowei_unit") == frozenset()


@pytest.mark.parametrize("username", ["sysadmin", "auditadmin", "jiaowei_leader", "finance", "unit_secadmin"])
def test_only_an_officer_of_the_bdb_confirms(demo, username):
    grant = _propose(demo, "jiaowei_unit", [Role.UNIT, Role.UNIT_LEADER])
    by = demo["secadmin"] if username == "unit_secadmin" else demo[username]
    with pytest.raises(PermissionDenied, match=ONLY_BDB_CONFIRMS):
        role_grant_confirm(grant=grant, by=by)
    assert _roles(demo, "jiaowei_unit") == {Role.UNIT}


def test_the_person_concerned_does_not_confirm_their_own_grant(demo):
    grant = _propose(demo, "bdb", [Role.BDB, Role.LG_OFFICE])
    with pytest.raises(PermissionDenied, match=NOT_YOUR_OWN_GRANT):
        role_grant_confirm(grant=grant, by=demo["bdb"])
    assert _roles(demo, "bdb") == {Role.BDB}


def test_the_database_refuses_a_self_confirmed_grant(demo):
    grant = _propose(demo, "jiaowei_unit", [Role.UNIT, Role.UNIT_LEADER])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.filter(pk=grant.pk).update(decided_by=demo["jiaowei_unit"])


def test_one_open_proposal_per_person(demo):
    _propose(demo, "jiaowei_unit", [Role.UNIT, Role.UNIT_LEADER])
    with pytest.raises(ValidationError, match=ONE_OPEN_GRANT):
        _propose(demo, "jiaowei_unit", [Role.UNIT_LEADER])


def test_a_stale_proposal_is_not_applied(demo):
    grant = _propose(demo, "jiaowei_unit", [Role.UNIT, Role.UNIT_LEADER])
    _propose(demo, "jiaowei_unit", [])  # roles taken away meanwhile, at once
    with pytest.raises(ValidationError, match=GRANT_STALE):
        role_grant_confirm(grant=grant, by=demo["bdb"])
    assert _roles(demo, "jiaowei_unit") == frozenset()


@pytest.mark.parametrize("username", ["sysadmin", "auditadmin", "bdb", "jiaowei_leader"])
def test_only_the_security_administrator_proposes(demo, username):
    with pytest.raises(PermissionDenied, match=ONLY_SECADMIN_ASSIGNS_ROLES):
        _propose(demo, "jiaowei_unit", [Role.UNIT_LEADER], by=username)


def test_the_security_administrator_cannot_change_their_own_roles(demo):
    with pytest.raises(PermissionDenied, match=NO_SELF_ASSIGNMENT):
        _propose(demo, "secadmin", [Role.SECADMIN])


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_administrator_roles_are_never_given_on_the_web(demo, role):
    demo_user = demo["jiaowei_unit"]
    _propose(demo, "jiaowei_unit", [])
    demo_user.refresh_from_db()
    with pytest.raises(PermissionDenied, match=ADMIN_ROLES_AT_THE_CONSOLE):
        _propose(demo, "jiaowei_unit", [role])
    with pytest.raises(PermissionDenied, match=ADMIN_ROLES_AT_THE_CONSOLE):
        _propose(demo, "sysadmin", [])


@pytest.mark.parametrize(
    ("admin", "other"), [(admin, other) for admin in sorted(ADMIN_ROLES) for other in Role if other != admin]
)
def test_three_admins_apart(demo, admin, other):
    with pytest.raises(ValidationError) as caught:
        _propose(demo, "jiaowei_unit", [admin, other])
    assert caught.value.messages == [THREE_ADMINS_APART]


def test_an_unknown_code_is_refused(demo):
    with pytest.raises(ValidationError):
        _propose(demo, "bdb", ["mayor"])


# --- A role belongs to its organisation ---------------------------------------------------------

HOMES = {
    # role: (an organisation code that may hold it, one that may not)
    Role.UNIT: ("jiaowei", "finance"),
    Role.UNIT_LEADER: ("jiefangbei", "cqu"),
    Role.BDB: ("bdb", "drc"),
    Role.LG_OFFICE: ("bdb", "jiaowei"),
    Role.DRC: ("drc", "finance"),
    Role.FINANCE: ("finance", "cqu"),
    Role.AUDIT: ("audit", "bdb"),
    Role.CAC: ("cac", "jiaowei"),
    Role.EXPERT: ("cqu", "finance"),
    Role.AGENCY: ("shancheng_design", "jiaowei"),
    Role.SYSADMIN: ("bdb", "jiaowei"),
    Role.SECADMIN: ("bdb", "finance"),
    Role.AUDITADMIN: ("bdb", "audit"),
}


def test_every_role_has_a_home_in_the_table():
    assert set(HOMES) == set(Role) == set(ROLE_HOMES)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_outside_its_organisation_is_refused_by_the_service(demo, role):
    if role in ADMIN_ROLES:
        pytest.skip("the administrator roles are refused on the web whatever the organisation")
    home, elsewhere = HOMES[role]
    person = User.objects.create_user(f"p_{role.value}", organisation=demo.org(elsewhere), name="测试")
    with pytest.raises(ValidationError, match="只能由"):
        role_grant_propose(user=person, roles=[role], by=demo["secadmin"], reason="测试")
    at_home = User.objects.create_user(f"h_{role.value}", organisation=demo.org(home), name="测试")
    grant = role_grant_propose(user=at_home, roles=[role], by=demo["secadmin"], reason="测试")
    role_grant_confirm(grant=grant, by=demo["bdb"])


@pytest.mark.parametrize("role", list(Role))
def test_a_role_outside_its_organisation_is_refused_by_the_database(demo, role):
    """The expert who was given `finance` and recorded a payment: the database says no."""
    home, elsewhere = HOMES[role]
    person = User.objects.create_user(f"d_{role.value}", organisation=demo.org(home), name="测试")
    User.objects.filter(pk=person.pk).update(roles=f",{role.value},")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=person.pk).update(organisation=demo.org(elsewhere))
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            username=f"e_{role.value}", name="测试", organisation=demo.org(elsewhere), roles=f",{role.value},"
        )


def test_an_organisation_cannot_lose_the_office_its_people_need(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(code="finance").update(office="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(code="cqu").update(kind=Organisation.Kind.DEPARTMENT)


def test_an_office_belongs_to_one_bureau_only(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(code="drc").update(office="finance")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(code="jiaowei").update(office="bdb")


def test_the_migration_holds_the_same_table_as_the_code():
    from importlib import import_module

    frozen = import_module("govit.accounts.migrations.0002_role_homes_and_grants").ROLE_HOMES
    current = {
        role.value: (tuple(sorted(home.kinds)), tuple(sorted(str(o) for o in home.offices)))
        for role, home in ROLE_HOMES.items()
    }
    assert {code: (tuple(sorted(k)), tuple(sorted(o))) for code, (k, o) in frozen.items()} == current


# --- The console --------------------------------------------------------------------------------


def test_the_console_makes_and_unmakes_an_administrator(demo):
    person = User.objects.create_user("new_admin", organisation=demo.org("bdb"), name="新管理员")
    call_command("admin_role", "new_admin", "auditadmin")
    person.refresh_from_db()
    assert person.role_set == {Role.AUDITADMIN}
    call_command("admin_role", "new_admin", "none")
    person.refresh_from_db()
    assert person.role_set == frozenset() and not person.is_staff


def test_the_console_refuses_an_administrator_with_business_roles(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="业务角色"):
        call_command("admin_role", "bdb", "secadmin")
    assert _roles(demo, "bdb") == {Role.BDB}
