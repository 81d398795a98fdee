from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "nongthonmoi.funding"
    label = "funding"
