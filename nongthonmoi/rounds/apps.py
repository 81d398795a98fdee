from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "nongthonmoi.rounds"
    label = "rounds"
    verbose_name = _("Đợt báo cáo")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Báo cáo tiêu chí"),
                "rounds:index",
                order=35,
                visible=lambda user: user.is_authenticated,
            )
        )
