"""The REST API under /api/v1/ (OpenAPI docs at /api/v1/docs). Each app contributes a router."""

from __future__ import annotations

from ninja import NinjaAPI

from nongthonmoi.accounts.api import router as accounts_router
from nongthonmoi.accounts.api_auth import AUTH
from nongthonmoi.places.api import router as places_router

api = NinjaAPI(
    title="nongthonmoi API",
    version="1",
    description="API of the NTM management platform. Private data is limited to the caller's units.",
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", places_router)
