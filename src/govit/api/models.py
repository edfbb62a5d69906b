"""What the JSON API keeps of its own: the bearer tokens people and systems sign in with (R8.5)."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only the token's SHA-256 is kept, so a copy of the
    database holds no working token; the token itself is shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, verbose_name="用户", related_name="api_tokens"
    )
    # Unique, hence indexed: every API request looks its token up by this hash.
    key_hash = models.CharField("令牌哈希（SHA-256）", max_length=64, unique=True)
    name = models.CharField("用途", max_length=50, blank=True, help_text="如：报表脚本、单位对接系统。")
    created = models.DateTimeField("签发时间", auto_now_add=True)
    expires = models.DateTimeField("到期时间")
    # A keyed digest of the owner's password hash when it was issued (api.tokens.password_fingerprint).
    fingerprint = models.CharField("签发时的密码指纹", max_length=64)
    last_used = models.DateTimeField("最近使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "created"], name="api_token_of_a_person")]

    def __str__(self) -> str:
        return f"{self.user} 的接口令牌（{self.created:%Y-%m-%d}）"
