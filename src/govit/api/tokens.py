"""Issuing, checking, listing and revoking API tokens. A token is 32 random bytes; only its SHA-256
is stored. A token expires (GOVIT_API_TOKEN_DAYS), a person holds at most GOVIT_API_TOKENS_PER_PERSON
(a new one retires the oldest), and it stops working when its owner's password changes or the
account is disabled: it keeps a fingerprint of the password it was issued under."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from govit.accounts.models import User
from govit.api.models import ApiToken
from govit.audit.services import audit_account

LAST_USED_STEP = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """Changes whenever the person's password does (a reset makes it unusable: that changes it too)."""
    return salted_hmac("govit.api.token", user.password, algorithm="sha256").hexdigest()


@transaction.atomic
def token_issue(*, user: User, name: str = "") -> str:
    """A new token for `user`; the caller shows it once, it cannot be read back."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    # Expired tokens go, and the oldest beyond the limit: tokens never pile up.
    ApiToken.objects.filter(user=user, expires__lte=now).delete()
    keep = max(settings.GOVIT_API_TOKENS_PER_PERSON - 1, 0)
    oldest = list(
        ApiToken.objects.filter(user=user).order_by("-created", "-pk").values_list("pk", flat=True)[keep:]
    )
    if oldest:
        ApiToken.objects.filter(pk__in=oldest).delete()
    token = ApiToken.objects.create(
        user=user, key_hash=_hash(raw), name=name.strip()[:50], fingerprint=password_fingerprint(user),
        expires=now + timedelta(days=settings.GOVIT_API_TOKEN_DAYS),
    )  # fmt: skip
    audit_account(
        action="token_issued", label="签发接口令牌", user=user, actor=user,
        detail={"token_id": token.pk, "expires": token.expires.isoformat(), "retired": oldest},
    )  # fmt: skip
    return raw


def token_user(raw: str) -> User | None:
    """The active person the token belongs to, or None (unknown, expired, the password changed since,
    the account disabled); records when it was last used."""
    token = ApiToken.objects.select_related("user", "user__organisation").filter(key_hash=_hash(raw)).first()
    if token is None or not token.user.is_active or token.expires <= timezone.now():
        return None
    if not constant_time_compare(token.fingerprint, password_fingerprint(token.user)):
        return None
    # "Last used" to the minute, as the account page shows it: a read does not write (and commit)
    # on every request, only when the minute shown would change.
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    token.user.api_token = token
    return token.user


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first, with whether each still works."""
    return ApiToken.objects.filter(user=user).order_by("-created", "-pk")


def token_works(token: ApiToken, user: User) -> bool:
    return token.expires > timezone.now() and constant_time_compare(
        token.fingerprint, password_fingerprint(user)
    )


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> bool:
    """The owner revokes one of their tokens; False if they hold no such token (someone else's included)."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if deleted:
        audit_account(
            action="token_revoked", label="撤销接口令牌", user=user, actor=user, detail={"token_id": token_id}
        )
    return bool(deleted)
