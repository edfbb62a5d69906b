from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "govit.funds"
    verbose_name = "资金管理"
    default_auto_field = "django.db.models.BigAutoField"
