from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "govit.backup"
    verbose_name = "备份与恢复"
    default_auto_field = "django.db.models.BigAutoField"
