"""The password policy (等保 身份鉴别: 口令复杂度): with Django's own validators for the length (12),
the common-password list and the likeness to the person's name, these two make AUTH_PASSWORD_VALIDATORS."""

import string
from typing import Any

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", frozenset(string.ascii_uppercase)),
    ("小写字母", frozenset(string.ascii_lowercase)),
    ("数字", frozenset(string.digits)),
)
TOO_FEW_CLASSES = "密码须包含大写字母、小写字母、数字和符号中的至少 %(count)d 类。"
CONTAINS_USERNAME = "密码不能包含用户名。"


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other characters (symbols) the password uses."""
    used = sum(1 for _, members in CLASSES if any(ch in members for ch in password))
    others = set().union(*(members for _, members in CLASSES))
    return used + (1 if any(ch not in others for ch in password) else 0)


class CharacterClassesValidator:
    """At least `min_classes` of the four character classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                TOO_FEW_CLASSES, code="password_too_few_classes", params={"count": self.min_classes}
            )

    def get_help_text(self) -> str:
        return TOO_FEW_CLASSES % {"count": self.min_classes}


class NotUsernameValidator:
    """The password does not contain the username (in any case)."""

    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError(CONTAINS_USERNAME, code="password_contains_username")

    def get_help_text(self) -> str:
        return CONTAINS_USERNAME
