"""Two-factor login (等保 身份鉴别: 两种或两种以上组合的鉴别技术): a TOTP authenticator (RFC 6238,
django-otp) and ten one-time recovery codes. Required for the three administrators, optional for
everyone else. The QR code is drawn here (segno), never fetched from anywhere."""

import hashlib
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from govit.accounts.models import User
from govit.audit.services import audit_account

AUTHENTICATOR = "身份验证器"
RECOVERY = "恢复码"
RECOVERY_CODES = 10
REQUIRED_FOR_ADMINISTRATORS = "三员账号必须启用两步验证，不能停用。"


def required(user: User) -> bool:
    """The three administrators must have a second factor; everyone must, with
    GOVIT_TWO_FACTOR_FOR_EVERYONE."""
    return user.is_administrator or settings.GOVIT_TWO_FACTOR_FOR_EVERYONE


def enabled(user: User) -> bool:
    """A confirmed authenticator: from then on every login asks for a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_start(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator (replacing an unconfirmed one): shown as a QR code until
    the person proves it works with a code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def pending(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="两步验证二维码")


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an authenticator by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def authenticator_confirm(*, user: User, device: TOTPDevice, code: str, request=None) -> list[str] | None:
    """Confirm the authenticator with a code it shows; the person's other authenticators go. Returns
    a first set of recovery codes (shown once), or None if the code is wrong."""
    if device.user_id != user.pk or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if request is not None:
        otp_login(request, device)
    audit_account(action="second_factor_enabled", label="启用两步验证", user=user, actor=user)
    return recovery_codes_new(user=user)


@transaction.atomic
def recovery_codes_new(*, user: User) -> list[str]:
    """Ten new recovery codes, each usable once; the old ones stop working. Only digests are kept."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_digest(code)) for code in codes)
    audit_account(action="recovery_codes_made", label="生成两步验证恢复码", user=user, actor=user)
    return codes


def verify(*, user: User, code: str, request=None) -> bool:
    """A code from the authenticator, or an unused recovery code (which is then used up)."""
    code = code.strip()
    device = None
    for totp in TOTPDevice.objects.filter(user=user, confirmed=True):
        if totp.verify_token(_digits(code)):
            device = totp
            break
    if device is None:
        for static in StaticDevice.objects.filter(user=user, confirmed=True):
            if static.verify_token(_digest(code)):
                device = static
                audit_account(action="recovery_code_used", label="使用两步验证恢复码", user=user, actor=user)
                break
    if device is None:
        audit_account(action="second_factor_failed", label="两步验证码错误", user=user, actor=user)
        return False
    if request is not None:
        otp_login(request, device)
    return True


@transaction.atomic
def remove(*, user: User) -> None:
    """Turn two-factor login off (not for an administrator, who must keep it)."""
    if required(user):
        raise PermissionError(REQUIRED_FOR_ADMINISTRATORS)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_account(action="second_factor_removed", label="停用两步验证", user=user, actor=user)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _digest(code: str) -> str:
    # StaticToken.token holds 16 characters: 64 bits of the code's SHA-256, never the code itself.
    normalised = code.strip().lower().replace(" ", "")
    if len(normalised) == 10:
        normalised = f"{normalised[:5]}-{normalised[5:]}"
    return hashlib.sha256(normalised.encode()).hexdigest()[:16]
