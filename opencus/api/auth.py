"""Who is calling the API: a program with an API key, or a logged-in member of staff.

- ``ApiKeyAuth``: ``Authorization: Bearer <secret>`` (``core.ApiToken``). The call acts as the
  key's user, with that user's roles: ``request.user`` is set to them.
- ``SessionAuth``: the staff pages' own session, so HTMX on those pages can call the API. Like
  any form post it must carry the CSRF token (``X-CSRFToken``) on unsafe methods.

``API_AUTH`` tries the key first, then the session; a call with neither is a 401. A wrong,
revoked or inactive user's key is a 401 too, never a fallback to anonymous access.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from opencus.api.errors import ApiError
from opencus.core.tokens import api_token_authenticate


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
