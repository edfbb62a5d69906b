"""The one error of backing up and restoring: its message, in Chinese, says what to do."""


class BackupError(Exception):
    """A backup that cannot be written, or a restore refused or failed; nothing half-done is left."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
