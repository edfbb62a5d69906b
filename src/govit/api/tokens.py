"""Issuing and checking API tokens. A token is 32 random bytes; only its SHA-256 is stored."""

import hashlib
import secrets

from django.utils import timezone

from govit.accounts.models import User
from govit.api.models import ApiToken


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, user: User) -> str:
    """A new token for `user`; the caller shows it once, it cannot be read back."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(raw))
    return raw


def token_user(raw: str) -> User | None:
    """The active person the token belongs to, or None; records when it was last used."""
    token = ApiToken.objects.select_related("user", "user__organisation").filter(key_hash=_hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    # On every request, not once in a while: one small UPDATE, and a request's query count then
    # does not depend on when the token was last used.
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user
