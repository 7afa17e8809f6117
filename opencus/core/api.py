"""The JSON API's shared plumbing, for every app's router (design.md: core holds it, so a
domain app never imports the ``api`` app, which only mounts the routers).

- Who is calling: ``ApiKeyAuth`` — ``Authorization: Bearer <secret>`` (``core.ApiToken``), the
  call acting as the key's user with that user's roles — or ``SessionAuth``, the staff pages'
  own session, so HTMX on those pages can call the API (with the CSRF token on unsafe
  methods). ``API_AUTH`` tries the key first, then the session; a call with neither is a 401.
  A wrong, revoked or inactive user's key is a 401 too, never a fallback to anonymous access.
- What every error looks like: ``{"detail": "<message in the user's language>", "code":
  "<machine code>", ...}``. Operations declare these schemas per status code, so the OpenAPI
  document names every answer a client can get. A ``DomainError`` raised by any service is a
  409 with its code, its reasons and its fields (``install_error_handlers``).
- Shared validators of request bodies: identifiers, notes, whole numbers.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, P, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf
from pydantic import BeforeValidator

from opencus.core.errors import DomainError
from opencus.core.tokens import api_token_authenticate

# --- Errors -----------------------------------------------------------------------------------


class ApiError(HttpError):
    """An error answer with a machine-readable ``code`` and any further fields of its body."""

    def __init__(self, status_code: int, message: str, *, code: str, **extra: Any) -> None:
        super().__init__(status_code, message)
        self.code = code
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"detail": self.message, "code": self.code, **self.extra}


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, in the user's language.")
    code: str = Field(..., description="A machine-readable code, e.g. not_found.")


class RefusalOut(ErrorOut):
    """A rule refused the change (409); nothing changed. ``code`` names the rule."""

    reasons: list[str] = Field(
        default_factory=list,
        description="For code not_eligible: each condition of the service the person does not "
        "meet, in words.",
    )
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="For a refusal tied to a field of the body: its words."
    )


class InvalidOut(ErrorOut):
    """The request is malformed (422)."""

    errors: list[dict[str, Any]] = Field(..., description="Each invalid field and why.")


#: The answers of an operation that needs a logged-in user or an API key.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 422: InvalidOut}
#: The answer to a request body that is not JSON at all (``code``: bad_json).
BAD_JSON: dict[int, type[Schema]] = {400: ErrorOut}
NOT_FOUND: dict[int, type[Schema]] = {404: ErrorOut}
#: The answer when a service's rule refuses the change.
REFUSED: dict[int, type[Schema]] = {409: RefusalOut}


def refusal_body(error: DomainError) -> dict[str, Any]:
    return {
        "detail": error.text,
        "code": error.code,
        "reasons": list(error.reasons),
        "fields": error.fields,
    }


_HTTP_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "throttled"}


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error of ``api`` as ``{"detail", "code", …}`` in the user's language."""

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

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            # Ninja's own words, untranslated: the body is not JSON at all.
            detail, code = _("The body of the request is not valid JSON."), "bad_json"
        return api.create_response(
            request, {"detail": detail, "code": code}, status=exc.status_code
        )

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, exc.body(), status=exc.status_code)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Not found."), "code": "not_found"}, status=404
        )

    @api.exception_handler(DomainError)
    def _refusal(request: HttpRequest, exc: DomainError) -> HttpResponse:
        """A service's rule refused the change (nothing changed): 409 with its code."""
        return api.create_response(request, refusal_body(exc), status=409)


# --- Who is calling ---------------------------------------------------------------------------


class ApiKeyAuth(HttpBearer):
    """An API key in the ``Authorization`` header (issued by ``manage.py api_token_issue``)."""

    openapi_description = "An API key issued to a user; the call acts as that user."

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        api_token = api_token_authenticate(secret=token)
        if api_token is None:
            return None
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The Django session of the staff pages, with Django's CSRF check on unsafe methods.

    Unlike Ninja's ``django_auth``, a caller without a logged-in session is not CSRF-checked:
    there is no session to forge, and they must get 401 ("log in"), not a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The session cookie of the staff pages (send X-CSRFToken to change)."

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise ApiError(
                403,
                _("The security check of the form failed. Reload the page and try again."),
                code="csrf_failed",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return request.user if key and request.user.is_authenticated else None


API_AUTH = [ApiKeyAuth(), SessionAuth()]


# --- Shared validators ------------------------------------------------------------------------

#: Identifiers are positive integers up to the largest a JSON number carries exactly (2^53 − 1,
#: far beyond any row count); a larger one could not even be looked up (SQLite's 64-bit limit).
MAX_ID = 2**53 - 1
PATH_ID = P(ge=1, le=MAX_ID)
NOTE_MAX_LENGTH = 2000
#: PostgreSQL cannot store the NUL character in text.
NO_NUL = r"^[^\x00]*$"


def whole_number(value: Any) -> Any:
    """JSON Schema's integer: 5 and 5.0, but not "5" or true (pydantic's lax mode would take
    them, accepting what the document calls invalid)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Enter a whole number."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Enter a whole number."))
        return int(value)
    return value


ObjectId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(whole_number)]
