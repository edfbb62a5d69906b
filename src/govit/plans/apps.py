from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "govit.plans"
    verbose_name = "年度建设规划"
    default_auto_field = "django.db.models.BigAutoField"
