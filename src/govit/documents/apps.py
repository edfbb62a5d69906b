from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "govit.documents"
    verbose_name = "项目文件"
    default_auto_field = "django.db.models.BigAutoField"
