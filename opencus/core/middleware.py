from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django_otp import user_has_device

from opencus.core.audit import current_ip
from opencus.core.roles import two_factor_required


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, the deployment sets the proxy to overwrite REMOTE_ADDR (never trust
    # a client-supplied X-Forwarded-For here: the audit log must not be forgeable).
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client's address available to ``audit_record`` for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class TwoFactorRequiredMiddleware:
    """A user with a TOTP device must enter a code after the password; a user who must use a
    second factor (``roles.two_factor_required``: superusers, the director, coordinators) and
    has no device yet is sent to set one up first. Only the login, logout, code, set-up,
    language and static paths are reachable before that."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():  # type: ignore[attr-defined]
            path = request.path
            allowed = {
                reverse("core:login"),
                reverse("core:logout"),
                reverse("core:otp_verify"),
                reverse("core:otp_setup"),
            }
            if path not in allowed and not path.startswith(self.ALLOWED_PREFIXES):
                has_device = user_has_device(user)
                must_set_up = two_factor_required(user)
                if path.startswith("/api/") and (has_device or must_set_up):
                    # The JSON API does not count a half-finished login: it answers 401 (or
                    # takes an API key) instead of redirecting to an HTML page.
                    request.user = AnonymousUser()
                elif has_device:
                    return redirect_to_login(request.get_full_path(), reverse("core:otp_verify"))
                elif must_set_up:
                    return redirect("core:otp_setup")
        return self.get_response(request)


class LanguageMiddleware:
    """Polish unless the visitor chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a Polish
    municipal service speaks Polish first, whatever the computer it is opened on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
