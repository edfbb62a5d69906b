from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "govit.front"
    label = "front"
    verbose_name = "门户"
