from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nongthonmoi.core"
    label = "core"
    verbose_name = "Core"
