from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "nongthonmoi.ocop"
    label = "ocop"
