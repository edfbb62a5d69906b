"""The audit log's tests write their checkpoints to their own folder, never to var/audit."""

import pytest


@pytest.fixture(autouse=True)
def checkpoints_in_tmp(settings, tmp_path) -> None:
    settings.GOVIT_AUDIT_CHECKPOINT_DIR = tmp_path / "audit"
