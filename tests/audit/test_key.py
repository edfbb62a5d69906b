"""The chain's key: from GOVIT_AUDIT_KEY, else a key file made once (development, tests); the log
verifies only with the key it was written with."""

import pytest

from govit.audit import chain
from govit.audit.services import append
from govit.audit.verify import verify

pytestmark = pytest.mark.django_db


def test_without_a_configured_key_one_is_made_once_and_kept(settings, tmp_path):
    settings.GOVIT_AUDIT_KEY = None
    settings.GOVIT_AUDIT_DEV_KEY_FILE = tmp_path / "var" / "audit.key"
    first = chain.audit_key()
    assert len(first) == 64 and chain.audit_key() == first
    assert (settings.GOVIT_AUDIT_DEV_KEY_FILE.stat().st_mode & 0o777) == 0o600


def test_a_configured_key_is_used(settings):
    settings.GOVIT_AUDIT_KEY = "a-key-from-the-environment"
    assert chain.audit_key() == b"a-key-from-the-environment"


def test_the_log_does_not_verify_with_another_key(settings, demo):
    event = append(kind="export", action="export", label="导出")
    assert verify()["ok"]
    settings.GOVIT_AUDIT_KEY = "somebody-elses-key"
    assert "#1 的内容被修改（HMAC-SM3 不符）" in verify()["problems"]
    assert event.seq > 1
