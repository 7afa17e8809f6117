"""The JSON API (django-ninja): thin over the apps' services and selectors.

The OpenAPI document is served at ``/api/openapi.json`` and browsable at ``/api/docs``.
Routers live beside their app (``catalog/api.py``, …) and are mounted here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from opencus.catalog.api import router as catalog_router

api = NinjaAPI(
    title="OpenCUS API",
    version="1",
    description=(
        "The JSON API of OpenCUS. The public part publishes the catalogue of social services "
        "as Open Referral HSDS 3.0."
    ),
    urls_namespace="api",
)
api.add_router("/hsds/", catalog_router)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in first.")}, status=401)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
