from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nongthonmoi.portal"
    label = "portal"
