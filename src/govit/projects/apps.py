from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "govit.projects"
    verbose_name = "政务信息化项目"
    default_auto_field = "django.db.models.BigAutoField"
