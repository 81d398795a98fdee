from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "nongthonmoi.feedback"
    label = "feedback"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self) -> None:
        from nongthonmoi.core.navigation import NavItem, register

        register(
            NavItem(
                _("Khảo sát hài lòng"),
                "feedback:index",
                order=70,
                visible=lambda user: user.is_authenticated,
            )
        )
