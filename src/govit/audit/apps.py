from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "govit.audit"
    verbose_name = "安全审计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The generic capture of record changes and of logins (receivers.py).
        from govit.audit import receivers

        receivers.connect()
