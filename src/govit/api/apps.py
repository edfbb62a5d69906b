from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govit.api"
    label = "api"
    verbose_name = "接口"
    default_auto_field = "django.db.models.BigAutoField"
