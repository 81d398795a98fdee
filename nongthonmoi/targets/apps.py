from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "nongthonmoi.targets"
    label = "targets"
    verbose_name = _("Chỉ tiêu, kế hoạch, nhiệm vụ")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Chỉ tiêu & nhiệm vụ"),
                "targets:index",
                order=60,
                visible=lambda user: user.is_authenticated,
            )
        )
