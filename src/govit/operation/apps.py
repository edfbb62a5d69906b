from django.apps import AppConfig


class OperationConfig(AppConfig):
    name = "govit.operation"
    verbose_name = "运行与运维"
    default_auto_field = "django.db.models.BigAutoField"
