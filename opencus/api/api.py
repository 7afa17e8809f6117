"""The JSON API (django-ninja): thin over the apps' services and selectors.

The OpenAPI document is served at ``/api/openapi.json`` and browsable at ``/api/docs``.
Routers live beside their app (``catalog/api.py``, …) and are mounted here, nothing else: who
may call what, the error answers and the shared validators are in ``opencus.core.api``.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from opencus.catalog.api import router as catalog_router
from opencus.core.api import install_error_handlers
from opencus.delivery.api import router as delivery_router
from opencus.intake.api import router as intake_router

api = NinjaAPI(
    title="OpenCUS API",
    version="1",
    description=(
        "The JSON API of OpenCUS. The public part publishes the catalogue of social services "
        "as Open Referral HSDS 3.0. The staff part (applications and queues) needs an API key "
        "(`Authorization: Bearer <key>`, issued with `manage.py api_token_issue`) or the staff "
        "pages' session; a call acts as its user, with that user's roles. Every error is "
        '`{"detail": "<message>", "code": "<machine code>"}`.'
    ),
    urls_namespace="api",
    # Swagger UI comes from django-ninja's own static files ("ninja" is an installed app) under
    # our page template (templates/ninja/swagger.html); no deep links, which Swagger UI puts as
    # a link inside each operation's button (axe: nested-interactive).
    docs=Swagger(settings={"deepLinking": False}),
)
api.add_router("/hsds/", catalog_router)
api.add_router("/intake/", intake_router)
api.add_router("/delivery/", delivery_router)
install_error_handlers(api)
