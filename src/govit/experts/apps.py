from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "govit.experts"
    verbose_name = "专家库"
    default_auto_field = "django.db.models.BigAutoField"
