"""The database itself refuses what must never happen, even when clean() is bypassed."""

import pytest
from django.db import IntegrityError, transaction

from govit.accounts.models import Organisation, User
from govit.accounts.roles import ADMIN_ROLES, BUSINESS_ROLES, ROLE_HOMES, Role, encode_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation() -> Organisation:
    # The BDB: it may hold the three administrators as well as its own roles, so that the 三员 CHECK
    # (not the trigger of the organisation rule, tests/accounts/test_role_grants.py) is what refuses.
    return Organisation.objects.create(
        code="bdb", name="重庆市渝中区大数据发展局", kind=Organisation.Kind.BUREAU, office="bdb"
    )


@pytest.fixture
def person(organisation) -> User:
    return User.objects.create_user("wang", name="王晓燕", organisation=organisation, roles=[Role.BDB])


def _store_roles(user: User, value: str) -> None:
    """Write `value` straight to the database, past every Python check."""
    User.objects.filter(pk=user.pk).update(roles=value)


@pytest.mark.parametrize(
    ("admin", "other"),
    [(admin, other) for admin in sorted(ADMIN_ROLES) for other in Role if other != admin],
)
def test_it_refuses_an_administrator_with_another_role_in_an_update(person, admin, other):
    # A role the BDB may not hold (unit, finance …) is refused by the organisation rule's trigger
    # first; either refusal is right, and for the roles it may hold the 三员 CHECK is what refuses.
    at_home = ROLE_HOMES[other].admits("bureau", "bdb")
    with (
        pytest.raises(
            IntegrityError, match="three_admins_apart" if at_home else "three_admins_apart|role_home"
        ),
        transaction.atomic(),
    ):
        _store_roles(person, encode_roles([admin, other]))


def test_it_refuses_an_administrator_with_another_role_in_a_save(person):
    person.roles = ",bdb,secadmin,"
    with pytest.raises(IntegrityError, match="three_admins_apart"), transaction.atomic():
        person.save()


def test_it_refuses_an_administrator_written_out_of_order(person):
    # The rule does not rely on the roles being sorted.
    with pytest.raises(IntegrityError, match="three_admins_apart"), transaction.atomic():
        _store_roles(person, ",lg_office,auditadmin,")


@pytest.mark.parametrize("admin", sorted(ADMIN_ROLES))
def test_an_administrator_alone_is_stored(person, admin):
    _store_roles(person, encode_roles([admin]))
    person.refresh_from_db()
    assert person.role_set == {admin}


def test_business_roles_combined_are_stored(person):
    both = {Role.BDB, Role.LG_OFFICE}
    _store_roles(person, encode_roles(both))
    person.refresh_from_db()
    assert person.role_set == both and both <= BUSINESS_ROLES


@pytest.mark.parametrize("value", ["unit", ",unit", "unit,", ",", ",,", ",bdb,,lg_office,", ",Bdb,"])
def test_it_refuses_a_malformed_roles_value(person, value):
    with pytest.raises(IntegrityError, match="roles_well_formed"), transaction.atomic():
        _store_roles(person, value)


def test_no_role_at_all_is_stored(person):
    _store_roles(person, "")
    person.refresh_from_db()
    assert person.role_set == frozenset()


def test_it_refuses_a_business_user_without_organisation(person):
    with pytest.raises(IntegrityError, match="organisation_required"), transaction.atomic():
        User.objects.filter(pk=person.pk).update(organisation=None)


def test_an_administrator_may_have_no_organisation():
    admin = User.objects.create_superuser("root", "a-long-password", name="管理员")
    assert admin.organisation is None
    assert admin.role_set == {Role.SYSADMIN}


def test_it_refuses_an_unknown_organisation_kind(organisation):
    with pytest.raises(IntegrityError, match="kind_known"), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(kind="ministry")
