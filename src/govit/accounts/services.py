"""Writes on organisations and people. Every change of roles goes through here."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from govit.accounts import demo
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role, encode_roles, validate_roles

ONLY_SECADMIN_ASSIGNS_ROLES = "只有安全管理员可以分配角色。"
NO_SELF_ASSIGNMENT = "安全管理员不得修改本人的角色。"


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role | str], by: User) -> User:
    """Give `user` exactly `roles`, on behalf of the security administrator `by`.

    Steps: check that `by` may assign roles; check the roles (unknown code, 三员 rule);
    lock the user's row and save. The CHECK constraint backs the 三员 rule up in the database.
    """
    if not (by.is_active and by.has_role(Role.SECADMIN)):
        raise PermissionDenied(ONLY_SECADMIN_ASSIGNS_ROLES)
    # Whoever holds the keys must not hand them to themselves: another secadmin does that.
    if by.pk == user.pk:
        raise PermissionDenied(NO_SELF_ASSIGNMENT)
    new_roles = validate_roles(roles)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.roles = encode_roles(new_roles)
    locked.save(update_fields=["roles"])
    user.roles = locked.roles
    return user


# --- The demo district -------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class DemoLoadResult:
    """How many demo rows each run created, updated or left as they were."""

    organisations: Counter = field(default_factory=Counter)
    people: Counter = field(default_factory=Counter)


@transaction.atomic
def demo_district_load() -> DemoLoadResult:
    """Load the demo Yuzhong district (`demo.py`); a second run changes nothing.

    Steps: upsert the organisations by code; upsert the people by username with their
    roles and the demo password; give the two staff administrators their admin permissions.
    """
    result = DemoLoadResult()
    organisations = {}
    for item in demo.ORGANISATIONS:
        values = {"name": item.name, "short_name": item.short_name, "kind": item.kind, "is_active": True}
        organisations[item.code], outcome = _upsert(Organisation, lookup={"code": item.code}, values=values)
        result.organisations[outcome] += 1
    password = _DemoPassword()
    for person in demo.PEOPLE:
        outcome = _demo_person_upsert(person, organisations[person.organisation], password)
        result.people[outcome] += 1
    return result


class _DemoPassword:
    """Hashes and checks the demo password once per run, not once per person.

    A password hash costs about half a second by design; all demo people share one known
    password, so sharing one hash (and its salt) reveals nothing.
    """

    def __init__(self) -> None:
        self._encoded: str | None = None
        self._checked: dict[str, bool] = {}

    def encoded(self) -> str:
        if self._encoded is None:
            self._encoded = make_password(demo.DEMO_PASSWORD)
        return self._encoded

    def matches(self, encoded: str) -> bool:
        # check_password from hashers, not the model's: the model's would re-save an upgraded hash.
        if encoded not in self._checked:
            self._checked[encoded] = check_password(demo.DEMO_PASSWORD, encoded)
        return self._checked[encoded]


def _demo_person_upsert(person: demo.DemoPerson, organisation: Organisation, password: _DemoPassword) -> str:
    values = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "organisation_id": organisation.pk,
        "roles": encode_roles(validate_roles(person.roles)),
        "is_active": True,
        "is_staff": bool(person.permissions),
    }
    user, outcome = _upsert(User, lookup={"username": person.username}, values=values)
    if not password.matches(user.password):
        user.password = password.encoded()
        user.save(update_fields=["password"])
        outcome = outcome if outcome == CREATED else UPDATED
    if _permissions_set(user, person.permissions):
        outcome = outcome if outcome == CREATED else UPDATED
    return outcome


def _permissions_set(user: User, codenames: Iterable[str]) -> bool:
    """Give `user` exactly these accounts permissions; True if anything changed."""
    wanted = set(Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames))
    if set(user.user_permissions.all()) == wanted:
        return False
    user.user_permissions.set(wanted)
    return True


def _upsert(model: type[models.Model], *, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str]:
    """update_or_create that writes only what differs, and says whether it did."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), CREATED
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, UNCHANGED
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return obj, UPDATED
