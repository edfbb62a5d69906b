from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "govit.reminders"
    verbose_name = "提醒"
    default_auto_field = "django.db.models.BigAutoField"
