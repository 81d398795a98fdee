"""The REST API under /api/v1/ (OpenAPI docs at /api/v1/docs). Each app contributes a router."""

from __future__ import annotations

from ninja import NinjaAPI

from nongthonmoi.accounts.api import router as accounts_router
from nongthonmoi.accounts.api_auth import AUTH
from nongthonmoi.criteria.api import router as criteria_router
from nongthonmoi.feedback.api import router as feedback_router
from nongthonmoi.funding.api import router as funding_router
from nongthonmoi.ocop.api import router as ocop_router
from nongthonmoi.places.api import router as places_router
from nongthonmoi.portal.api import router as portal_router
from nongthonmoi.reports.api import router as reports_router
from nongthonmoi.rounds.api import router as rounds_router
from nongthonmoi.targets.api import router as targets_router

api = NinjaAPI(
    title="nongthonmoi API",
    version="1",
    description="API of the NTM management platform. Private data is limited to the caller's units.",
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", places_router)
api.add_router("/criteria", criteria_router)
api.add_router("/rounds", rounds_router)
api.add_router("/ocop", ocop_router)
api.add_router("/funding", funding_router)
api.add_router("/surveys", feedback_router)
api.add_router("/targets", targets_router)
api.add_router("/portal", portal_router)
api.add_router("/reports", reports_router)
