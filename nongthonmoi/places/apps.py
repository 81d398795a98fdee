from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "nongthonmoi.places"
    label = "places"
    verbose_name = _("Đơn vị hành chính")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Đơn vị hành chính"),
                "places:index",
                order=20,
                visible=lambda user: user.is_authenticated,
            )
        )
