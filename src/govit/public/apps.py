from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "govit.public"
    verbose_name = "信息公开"
    default_auto_field = "django.db.models.BigAutoField"
