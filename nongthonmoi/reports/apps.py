from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "nongthonmoi.reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from nongthonmoi.accounts.roles import Capability
        from nongthonmoi.accounts.scope import has_capability_anywhere, is_national
        from nongthonmoi.core.navigation import NavItem, register

        def visible(user: object) -> bool:
            return bool(getattr(user, "is_authenticated", False)) and (
                has_capability_anywhere(user, Capability.MANAGE) or is_national(user)
            )

        register(NavItem(_("Báo cáo"), "reports:index", order=80, visible=visible))
