from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nongthonmoi.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        from .roles import Capability
        from .scope import has_capability_anywhere

        register(
            NavItem(
                _("Nhật ký thay đổi"),
                "accounts:audit",
                order=90,
                visible=lambda user: has_capability_anywhere(user, Capability.VIEW_AUDIT),
            )
        )
