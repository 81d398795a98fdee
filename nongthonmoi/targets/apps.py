from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "nongthonmoi.targets"
    label = "targets"
