"""What the volunteer centre's pages share: the capability each needs, a bound form of a
POST, a service run from a button, a page with one form, the volunteer one may see, a PDF
response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.volunteering.capabilities import (
    VOLUNTEERING_CHECKS,
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_NEED,
    VOLUNTEERING_PAPERS,
    VOLUNTEERING_SELF,
)
from opencus.volunteering.models import Volunteer

manager_required = capability_required(VOLUNTEERING_MANAGE)
checks_required = capability_required(VOLUNTEERING_CHECKS)
need_required = capability_required(VOLUNTEERING_NEED)
self_required = capability_required(VOLUNTEERING_SELF)
#: The volunteer's own papers, or the centre's (``visible_to`` tells them apart).
papers_required = capability_required(VOLUNTEERING_PAPERS)


def posted(request: HttpRequest) -> Any:
    """The POST data of a POST (an empty one too: a form with only optional fields posted
    empty must still be bound), ``None`` for a GET."""
    return request.POST if request.method == "POST" else None


def run_step(request: HttpRequest, step: Callable[[], Any], success: str) -> bool:
    try:
        step()
    except DomainError as error:
        messages.error(request, error.text)
        return False
    messages.success(request, success)
    return True


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    back_text: str,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    done: str,
    intro: str = "",
    button: str = "",
) -> HttpResponse:
    """A page with one form: on a valid POST, ``save(cleaned_data)`` (a service); its refusal
    in the error summary, else a message and a redirect to ``done``."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect(done)
    return render(
        request,
        "volunteering/form.html",
        {
            "form": form,
            "title": title,
            "back": back if back.startswith("/") else reverse(back),
            "back_text": back_text,
            "intro": intro,
            "button": button or _("Save"),
        },
    )


def volunteer_or_404(request: HttpRequest, pk: int) -> Volunteer:
    return get_object_or_404(Volunteer.objects.visible_to(request.user), pk=pk)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response
