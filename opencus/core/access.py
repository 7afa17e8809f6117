"""View guards: what a role may *do* (what it may *see* is in the ``visible_to`` querysets), and
what a URL may name (a day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from opencus.core.forms import FORM_DAYS
from opencus.core.registry import Capability
from opencus.core.roles import has_capability, is_staff_member

View = Callable[..., HttpResponse]


def access_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """A view guard from a check of the user: anonymous → the login page; logged in and the
    check fails → 403 (an app's own rule of who reaches its pages, e.g. "a provider's current
    staff or the centre's")."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def capability_required(capability: Capability) -> Callable[[View], View]:
    """Anonymous → the login page; logged in without the capability → 403."""
    return access_required(lambda user: has_capability(user, capability))


staff_required: Callable[[View], View] = access_required(is_staff_member)


def day_or_404(value: str) -> dt.date:
    """The day a URL names (YYYY-MM-DD); "not found" for anything else or a day outside
    ``FORM_DAYS``."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if not FORM_DAYS[0] <= day <= FORM_DAYS[1]:
        raise Http404
    return day
