"""The JSON API (django-ninja): thin over the apps' services and selectors.

The OpenAPI document is served at ``/api/openapi.json`` and browsable at ``/api/docs``.
Routers live beside their app (``catalog/api.py``, …) and are mounted here. Who may call what
is in ``auth.py``; every error answer is ``{"detail": …, "code": …}`` (``errors.py``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from opencus.api.errors import ApiError
from opencus.catalog.api import router as catalog_router
from opencus.delivery.api import router as delivery_router
from opencus.intake.api import router as intake_router
from opencus.intake.errors import IntakeError

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
)
api.add_router("/hsds/", catalog_router)
api.add_router("/intake/", intake_router)
api.add_router("/delivery/", delivery_router)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("The request is not valid."), "code": "invalid", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Log in first."), "code": "not_authenticated"}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


_HTTP_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "throttled"}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        # Ninja's own words, untranslated: the body is not JSON at all.
        detail, code = _("The body of the request is not valid JSON."), "bad_json"
    return api.create_response(request, {"detail": detail, "code": code}, status=exc.status_code)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return api.create_response(request, exc.body(), status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Not found."), "code": "not_found"}, status=404
    )


@api.exception_handler(IntakeError)
def _intake_refusal(request: HttpRequest, exc: IntakeError) -> HttpResponse:
    """A rule of the queue refused the change (nothing changed): 409 with its message."""
    code = getattr(exc, "code", None) or "refused"
    reasons = [str(reason) for reason in exc.reasons]
    return api.create_response(
        request,
        {"detail": " ".join(exc.messages), "code": code, "reasons": reasons},
        status=409,
    )
