from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "govit.approvals"
    verbose_name = "决策与批复"
    default_auto_field = "django.db.models.BigAutoField"
