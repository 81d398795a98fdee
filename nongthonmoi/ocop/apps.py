from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_ocop(user: object) -> bool:
    from nongthonmoi.accounts.roles import Capability
    from nongthonmoi.accounts.scope import has_capability_anywhere

    if not getattr(user, "is_authenticated", False):
        return False
    return any(
        has_capability_anywhere(user, cap)
        for cap in (Capability.PRODUCE_OCOP, Capability.SCORE_OCOP, Capability.VIEW)
    )


class OcopConfig(AppConfig):
    name = "nongthonmoi.ocop"
    label = "ocop"
    verbose_name = _("OCOP")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(NavItem(_("OCOP"), "ocop:index", order=40, visible=_sees_ocop))
        register(
            NavItem(
                _("Sản phẩm OCOP"),
                "ocop:catalogue",
                order=41,
                visible=lambda user: not getattr(user, "is_authenticated", False),
            )
        )
