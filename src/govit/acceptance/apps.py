from django.apps import AppConfig


class AcceptanceConfig(AppConfig):
    name = "govit.acceptance"
    verbose_name = "验收与已建项目库"
    default_auto_field = "django.db.models.BigAutoField"
