"""The generic capture: every model's create, update and delete, with its values before and after,
and every login, logout and failed login — through Django's signals, so a model another room adds
(or a role given to a person: a change of accounts.User) is captured without being named here.

Not captured: the log's own rows (govit.audit), project events (ProjectEvent: each is appended
explicitly, as a project event, by projects.audit.record_event), sessions, axes' own rows (its
lockout counters; the failed logins themselves are logged), content types, permissions, the
admin's LogEntry (the change it notes is captured itself), migrations' historical models, and an
update that moves only a bookkeeping time (last_login, last_used). Secret fields (a password's hash,
a token's hash, a second factor's key) are logged as changed, never by value. Queryset `update()`
and `bulk_create` send no signal; GovIT's services use them only for a row's state under the
engine, which records the project event itself.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from govit.audit import services
from govit.audit.models import Kind

EXCLUDED_APPS = frozenset({"audit", "sessions", "axes", "contenttypes", "admin", "migrations"})
# The similarity index's rows are derived from the projects' text, captured itself (and kept out of
# the log, which would otherwise hold a classified project's former words).
EXCLUDED_MODELS = frozenset(
    {"auth.permission", "projects.projectevent", "similar.posting", "similar.indexedproject", "similar.term"}
)
BOOKKEEPING = frozenset({"last_login", "last_used"})
HIDDEN = "（已隐藏）"
SECRET_WORDS = ("password", "secret", "key_hash", "token", "otp", "key")


def _captured(sender: type[Model]) -> bool:
    meta = sender._meta
    return (
        sender.__module__ != "__fake__"  # a migration's historical model
        and meta.app_label not in EXCLUDED_APPS
        and meta.label_lower not in EXCLUDED_MODELS
    )


# Named like a secret, but a plain flag whose value the log should show.
NOT_SECRET = frozenset({"must_change_password"})


def _is_secret(name: str) -> bool:
    return name not in NOT_SECRET and any(word in name for word in SECRET_WORDS)


def _values(instance: Model) -> dict[str, Any]:
    values = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name
            value = value.name
        values[field.attname] = value
    return values


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    return {name: HIDDEN if _is_secret(name) else value for name, value in values.items()}


def _project_id(instance: Model) -> int | None:
    if instance._meta.label_lower == "projects.project":
        return instance.pk
    return getattr(instance, "project_id", None)


def _before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _captured(sender) or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = _values(old) if old is not None else None


def _after_save(
    sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not _captured(sender):
        return
    after = _values(instance)
    expressions = [name for name, value in after.items() if hasattr(value, "resolve_expression")]
    if expressions:
        # An F() saved (a version counter): the value it came to, as the database holds it.
        after.update(sender._base_manager.filter(pk=instance.pk).values(*expressions).first() or {})
    before = getattr(instance, "_audit_before", None)
    name = sender._meta.verbose_name
    if created or before is None:
        kind, label, before_shown, after_shown = Kind.CREATE, f"新增{name}", None, _shown(after)
    else:
        changed = {key for key in after if after[key] != before.get(key)}
        if not changed - BOOKKEEPING:
            return
        kind, label = Kind.UPDATE, f"修改{name}"
        before_shown = _shown({key: before.get(key) for key in sorted(changed)})
        after_shown = _shown({key: after[key] for key in sorted(changed)})
    services.append(
        kind=kind, action=kind, label=f"{label}：{str(instance)[:100]}", project_id=_project_id(instance),
        target_model=sender._meta.label_lower, target_pk=str(instance.pk), before=before_shown, after=after_shown,
    )  # fmt: skip


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not _captured(sender):
        return
    services.append(
        kind=Kind.DELETE, action=Kind.DELETE, label=f"删除{sender._meta.verbose_name}：{str(instance)[:100]}",
        project_id=_project_id(instance) if sender._meta.label_lower != "projects.project" else None,
        target_model=sender._meta.label_lower, target_pk=str(instance.pk), before=_shown(_values(instance)),
    )  # fmt: skip


M2M_ACTIONS = {"post_add": "add", "post_remove": "remove", "post_clear": "clear"}


def _m2m_changed(sender: Any, instance: Model, action: str, pk_set: set | None, **kwargs: Any) -> None:
    """A many-to-many change (a person's groups): which keys were added or removed."""
    if action not in M2M_ACTIONS or not _captured(type(instance)):
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), sender.__name__
    )
    services.append(
        kind=Kind.UPDATE, action=Kind.UPDATE, label=f"修改{instance._meta.verbose_name}：{str(instance)[:100]}",
        project_id=_project_id(instance), target_model=instance._meta.label_lower, target_pk=str(instance.pk),
        after={field: {M2M_ACTIONS[action]: sorted(pk_set or [])}},
    )  # fmt: skip


def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.audit_login(user=user, request=request)


def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        services.audit_logout(user=user, request=request)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the username is kept anyway.
    services.audit_login_failed(username=str(credentials.get("username", ""))[:150], request=request)


def connect() -> None:
    pre_save.connect(_before_save, dispatch_uid="govit_audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="govit_audit_post_save")
    post_delete.connect(_after_delete, dispatch_uid="govit_audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="govit_audit_m2m_changed")
    user_logged_in.connect(_logged_in, dispatch_uid="govit_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="govit_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="govit_audit_login_failed")
