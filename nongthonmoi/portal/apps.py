from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "nongthonmoi.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from nongthonmoi.accounts.roles import Capability
        from nongthonmoi.accounts.scope import has_capability_anywhere
        from nongthonmoi.core.navigation import NavItem, register

        from . import datasets, models, queries

        register(NavItem(_("Cổng thông tin"), "portal:index", order=5))
        register(
            NavItem(
                _("Biên tập tin bài"),
                "portal:editor",
                order=90,
                visible=lambda user: has_capability_anywhere(user, Capability.EDIT_PORTAL),
            )
        )
        # Any change to published content (or to the criteria results shown on the progress page,
        # or to a satisfaction survey) invalidates the cached public reads.
        senders: list[type] = [
            models.Article,
            models.Category,
            models.Decision,
            models.LegalDocument,
        ]
        try:
            from nongthonmoi.criteria.models import EvaluationSummary

            senders.append(EvaluationSummary)
        except ImportError:  # pragma: no cover - criteria is always installed in this project
            pass
        try:
            from nongthonmoi.feedback.models import Survey

            senders.append(Survey)  # an early close changes the survey results page
        except ImportError:  # pragma: no cover - feedback is always installed in this project
            pass
        for sender in senders:
            post_save.connect(
                queries.bump, sender=sender, dispatch_uid=f"portal-bump-{sender.__name__}"
            )
            post_delete.connect(
                queries.bump, sender=sender, dispatch_uid=f"portal-bump-del-{sender.__name__}"
            )
        datasets.register_builtins()
        from . import integrations

        integrations.register()
