from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "govit.findings"
    verbose_name = "监督意见"
    default_auto_field = "django.db.models.BigAutoField"
