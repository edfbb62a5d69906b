from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "govit.construction"
    verbose_name = "建设实施"
    default_auto_field = "django.db.models.BigAutoField"
