"""Writes on organisations and people. Every change of roles goes through here."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from govit.accounts import demo
from govit.accounts.models import Organisation, RoleGrant, User
from govit.accounts.roles import ADMIN_ROLES, Role, encode_roles, validate_role_homes, validate_roles
from govit.audit.services import audit_account

ONLY_SECADMIN_ASSIGNS_ROLES = "只有安全管理员可以提出角色变更。"
NO_SELF_ASSIGNMENT = "安全管理员不得修改本人的角色。"
ADMIN_ROLES_AT_THE_CONSOLE = "三员角色只能在服务器控制台设置（govit manage admin_role），不在网页上授予。"
ONE_OPEN_GRANT = "该人员已有一项待确认的角色变更，请先确认或退回。"
ONLY_BDB_CONFIRMS = "角色授权须由区大数据发展局的工作人员确认。"
NOT_YOUR_OWN_GRANT = "提出人和被授权人本人不能确认这项角色变更（双人复核）。"
GRANT_DECIDED = "这项角色变更已经处理过了。"
GRANT_STALE = "该人员的角色在提出后已有变化，请退回后重新提出。"
NOTE_REQUIRED = "请填写退回理由。"
REVOKED_AT_ONCE = "仅撤销角色，立即生效。"


def role_grant_propose(*, user: User, roles: Iterable[Role | str], by: User, reason: str) -> RoleGrant:
    """The security administrator `by` proposes that `user` hold exactly `roles` (三员分立, 双人复核).

    Steps: check that `by` may propose; check the roles (unknown code, 三员 rule, the organisation
    that may hold each); lock the person's row. A change that only takes roles away is in effect at
    once (least privilege never waits); any other waits for an officer of the BDB (role_grant_confirm).
    The three administrator roles are never given here: only at the console (admin_role_set)."""
    if not (by.is_active and by.has_role(Role.SECADMIN)):
        raise PermissionDenied(ONLY_SECADMIN_ASSIGNS_ROLES)
    if by.pk == user.pk:
        raise PermissionDenied(NO_SELF_ASSIGNMENT)
    new_roles = validate_roles(roles)
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
        if (new_roles | locked.role_set) & ADMIN_ROLES:
            raise PermissionDenied(ADMIN_ROLES_AT_THE_CONSOLE)
        organisation = locked.organisation
        validate_role_homes(
            new_roles, kind=organisation.kind if organisation else None,
            office=organisation.office if organisation else "",
        )  # fmt: skip
        grant = RoleGrant(
            user=locked, roles_before=locked.roles, roles_after=encode_roles(new_roles),
            reason=reason.strip()[:200] or "（未填写）", proposed_by=by, state=RoleGrant.State.PROPOSED,
        )  # fmt: skip
        if new_roles <= locked.role_set:
            grant.state = RoleGrant.State.CONFIRMED
            grant.decided_at = timezone.now()
            grant.decision_note = REVOKED_AT_ONCE
            _roles_apply(locked, grant.roles_after)
        elif RoleGrant.objects.filter(user=locked, state=RoleGrant.State.PROPOSED).exists():
            raise ValidationError(ONE_OPEN_GRANT, code="one_open_grant")
        grant.save()
    user.roles = locked.roles
    return grant


def role_grant_confirm(*, grant: RoleGrant, by: User, note: str = "") -> RoleGrant:
    """An officer of the BDB `by` (not the proposer, not the person) puts the proposal into effect."""
    with transaction.atomic():
        grant = _grant_to_decide(grant, by)
        locked = User.objects.select_for_update().get(pk=grant.user_id)
        if locked.roles != grant.roles_before:
            raise ValidationError(GRANT_STALE, code="grant_stale")
        _roles_apply(locked, grant.roles_after)
        grant.state = RoleGrant.State.CONFIRMED
        grant.decided_by, grant.decided_at, grant.decision_note = by, timezone.now(), note.strip()[:200]
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    return grant


def role_grant_reject(*, grant: RoleGrant, by: User, note: str) -> RoleGrant:
    """The officer of the BDB `by` sends the proposal back, with the reason; nothing changes."""
    if not note.strip():
        raise ValidationError(NOTE_REQUIRED, code="note_required")
    with transaction.atomic():
        grant = _grant_to_decide(grant, by)
        grant.state = RoleGrant.State.REJECTED
        grant.decided_by, grant.decided_at, grant.decision_note = by, timezone.now(), note.strip()[:200]
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    return grant


def _grant_to_decide(grant: RoleGrant, by: User) -> RoleGrant:
    if not (by.is_active and by.has_role(Role.BDB)):
        raise PermissionDenied(ONLY_BDB_CONFIRMS)
    locked = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if by.pk in (locked.proposed_by_id, locked.user_id):
        raise PermissionDenied(NOT_YOUR_OWN_GRANT)
    if locked.state != RoleGrant.State.PROPOSED:
        raise ValidationError(GRANT_DECIDED, code="grant_decided")
    return locked


def _roles_apply(locked: User, roles: str) -> None:
    locked.roles = roles
    locked.save(update_fields=["roles"])


def admin_role_set(*, user: User, role: Role | None) -> User:
    """At the server's console only (govit manage admin_role): make `user` one of the three
    administrators, or no administrator. Whoever runs it holds the host, which the 三员 cannot
    reach from the web. The 三员 rule and the organisation rule hold here too."""
    roles = validate_roles([role] if role else [])
    with transaction.atomic():
        locked = User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user.pk)
        if locked.role_set - ADMIN_ROLES and roles:
            raise ValidationError(THREE_ADMINS_APART_HERE, code="three_admins_apart")
        organisation = locked.organisation
        validate_role_homes(
            roles, kind=organisation.kind if organisation else None,
            office=organisation.office if organisation else "",
        )  # fmt: skip
        kept = locked.role_set - ADMIN_ROLES
        _roles_apply(locked, encode_roles(roles | kept))
        locked.is_staff = bool(roles & {Role.SYSADMIN, Role.SECADMIN})
        locked.save(update_fields=["is_staff"])
    user.roles, user.is_staff = locked.roles, locked.is_staff
    return user


THREE_ADMINS_APART_HERE = "此人担任业务角色，不能同时担任三员角色；请先撤销其业务角色。"


# --- Passwords ---------------------------------------------------------------------------------

ONLY_SYSADMIN_RESETS = "只有系统管理员可以发送重置密码链接。"
NO_SELF_RESET = "请在“账号安全”页面修改本人的密码。"
NO_EMAIL = "该人员未登记电子邮箱，无法发送重置链接；请先为其登记本人的电子邮箱。"
RESET_SUBJECT = "GovIT 重置密码"


def password_reset_issue(*, user: User, by: User, base_url: str) -> None:
    """The system administrator `by` sends `user` a one-time link to set a new password.

    The administrator never sees a password or the link: the link goes to the person's own mailbox,
    works once (Django's token changes with the password) and for PASSWORD_RESET_TIMEOUT. The old
    password stops working at once, and with it the person's sessions and API tokens."""
    if not (by.is_active and by.has_role(Role.SYSADMIN)):
        raise PermissionDenied(ONLY_SYSADMIN_RESETS)
    if by.pk == user.pk:
        raise PermissionDenied(NO_SELF_RESET)
    if not user.email:
        raise ValidationError(NO_EMAIL, code="no_email")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_unusable_password()
        locked.must_change_password = False  # the person sets it themselves, through the link
        locked.save(update_fields=["password", "must_change_password"])
        link = base_url.rstrip("/") + reverse(
            "accounts:reset",
            args=[urlsafe_base64_encode(force_bytes(locked.pk)), default_token_generator.make_token(locked)],
        )
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        send_mail(
            RESET_SUBJECT,
            f"{locked.name}，您好：\n\n系统管理员为您的 GovIT 账号（{locked.username}）发起了密码重置。"
            f"请在 {hours} 小时内打开下面的链接设置新密码（仅能使用一次）：\n\n{link}\n\n"
            "如非本人申请，请立即联系区大数据发展局的安全管理员。",
            None, [locked.email],
        )  # fmt: skip
        audit_account(action="password_reset_issued", label="发送重置密码链接", user=locked, actor=by)
    user.password = locked.password


def password_changed(*, user: User, how: str) -> None:
    """After `user` set their own password (the account page, or a reset link): no forced change
    remains, and the audit log says so. Sessions and tokens made with the old one stop working."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(must_change_password=False, password_changed_at=now)
    user.must_change_password, user.password_changed_at = False, now
    label = "修改密码" if how == "changed" else "通过重置链接设置密码"
    audit_account(action=f"password_{how}", label=label, user=user, actor=user)


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
        values = {
            "name": item.name, "short_name": item.short_name, "kind": item.kind, "office": item.office,
            "is_active": True,
        }  # fmt: skip
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
        # The demo's people sign in with the published demo password without being made to change it.
        "must_change_password": False,
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
