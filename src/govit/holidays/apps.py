from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HolidaysConfig(AppConfig):
    name = "govit.holidays"
    verbose_name = "节假日安排"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_seed, sender=self)


def _seed(sender, using: str = "default", **kwargs) -> None:
    # Seeding runs after every `migrate` (and after a test database is created or flushed), not
    # in a data migration: a newer chinese-calendar package then brings its new years on the next
    # `migrate`, while a year the BDB recorded is never overwritten.
    from govit.holidays.services import schedules_seed

    schedules_seed(using=using)
