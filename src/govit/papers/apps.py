from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "govit.papers"
    verbose_name = "公文"
    default_auto_field = "django.db.models.BigAutoField"
