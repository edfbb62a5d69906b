from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "govit.jobs"
    verbose_name = "后台任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The task queue and every room's tasks (their `tasks` modules), in the web process too:
        # the embedded mode runs them in-process, and a page may queue any of them.
        from django.apps import apps

        from govit.celery import app

        app.autodiscover_tasks([config.name for config in apps.get_app_configs()], force=True)
