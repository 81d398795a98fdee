from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "nongthonmoi.criteria"
    label = "criteria"
    verbose_name = _("Tiêu chí nông thôn mới")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Tiêu chí"),
                "criteria:index",
                order=30,
                visible=lambda user: user.is_authenticated,
            )
        )
