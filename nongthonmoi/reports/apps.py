from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "nongthonmoi.reports"
    label = "reports"
