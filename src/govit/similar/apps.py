from django.apps import AppConfig


class SimilarConfig(AppConfig):
    name = "govit.similar"
    verbose_name = "相似项目查重"
    default_auto_field = "django.db.models.BigAutoField"
