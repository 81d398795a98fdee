from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "nongthonmoi.funding"
    label = "funding"
    verbose_name = _("Vốn chương trình")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Vốn"),
                "funding:index",
                order=65,
                visible=lambda user: user.is_authenticated,
            )
        )
        register(
            NavItem(
                _("Công khai vốn"),
                "funding:public_index",
                order=95,
                visible=lambda user: not user.is_authenticated,
            )
        )
