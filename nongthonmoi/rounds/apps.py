from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "nongthonmoi.rounds"
    label = "rounds"
