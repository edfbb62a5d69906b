from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "govit.workflow"
    verbose_name = "项目生命周期"
    default_auto_field = "django.db.models.BigAutoField"
