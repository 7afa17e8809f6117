"""The route of the plan's page (``plans:detail``) for the reminder tests, used only while the
branch they run on has no plan pages yet (``tests/plans/test_reminders.py``,
``_plan_page_route``): the e-mails link to that page. Once ``opencus.plans.views`` has it, the
real URL configuration is used and this module is not loaded."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, include, path, reverse


def _not_served(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


urlpatterns = [
    path(
        "pracownicy/plany/",
        include(([path("<uuid:uuid>/", _not_served, name="detail")], "plans")),
    ),
]


def plan_page_route(settings: Any) -> None:
    """Point ``settings`` (pytest-django's fixture) at this module when ``plans:detail`` does
    not exist yet; else change nothing."""
    try:
        reverse("plans:detail", kwargs={"uuid": uuid.uuid4()})
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__
