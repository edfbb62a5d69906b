from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govit.accounts"
    label = "accounts"
    verbose_name = "单位与人员"

    def ready(self) -> None:
        # A lockout is written to the audit log (axes' signal).
        from govit.accounts import lockout  # noqa: F401
