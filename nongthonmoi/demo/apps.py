from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nongthonmoi.demo"
    label = "demo"
    verbose_name = "Demo data"
