"""What the community pages share: the capability checks, the community and year looked up
for the asking user, and the page with one form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from opencus.community.capabilities import COMMUNITY_MANAGE, COMMUNITY_RECORD, COMMUNITY_VIEW
from opencus.community.models import Community
from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability

view_required = capability_required(COMMUNITY_VIEW)
record_required = capability_required(COMMUNITY_RECORD)
manage_required = capability_required(COMMUNITY_MANAGE)


def community_or_404(request: HttpRequest, key: uuid.UUID) -> Community:
    return get_object_or_404(Community.objects.visible_to(request.user), uuid=key)


def year_or_404(value: int) -> int:
    if not 2000 <= value <= 2199:
        raise Http404
    return value


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    then: Callable[[Any], str],
    caption: str = "",
    submit: str = "",
    intro: str = "",
    multipart: bool = False,
) -> HttpResponse:
    """A page with one form: on a valid POST, ``save`` (a service call) and redirect; a
    refusal shows in the form's error summary."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(then(saved))
    return render(
        request,
        "community/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "caption": caption,
            "submit": submit or _("Save"),
            "intro": intro,
            "multipart": multipart,
        },
    )


def can(request: HttpRequest, capability: str) -> bool:
    return has_capability(request.user, capability)
