from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "nongthonmoi.criteria"
    label = "criteria"
