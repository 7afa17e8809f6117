"""Certificates and opinions: the list, issuing one, its PDF."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from opencus.volunteering import documents, services
from opencus.volunteering.forms import OpinionForm
from opencus.volunteering.models import (
    DocumentRequest,
    DocumentStatus,
)
from opencus.volunteering.views.common import (
    form_page,
    manager_required,
    papers_required,
    pdf_response,
    posted,
)


@manager_required
def document_list(request: HttpRequest) -> HttpResponse:
    """GET /wolontariat/zaswiadczenia/: certificates and opinions asked for, and issued."""
    found = DocumentRequest.objects.visible_to(request.user).select_related("volunteer")
    page = Paginator(found.order_by("status", "-requested_at", "-id"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "volunteering/document_list.html", {"page_obj": page})


@manager_required
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/zaswiadczenia/<pk>/wydaj/: issue a requested document (an
    opinion needs its text)."""
    document = get_object_or_404(
        DocumentRequest.objects.visible_to(request.user).select_related("volunteer"),
        pk=pk,
        status=DocumentStatus.REQUESTED,
    )
    return form_page(
        request,
        OpinionForm(posted(request)),
        title=f"{capfirst(document.get_kind_display())}: {document.volunteer.full_name}",
        back="volunteering:documents",
        back_text=_("Back to the certificates"),
        save=lambda data: services.document_issue(
            document=document, opinion=data.get("opinion") or "", acting_user=request.user
        ),
        success=_("The document is issued: print it from the list."),
        done="volunteering:documents",
        intro=_(
            "A certificate states the scope of the work and the hours confirmed; write the"
            " opinion only for an opinion."
        ),
        button=_("Issue"),
    )


@papers_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/zaswiadczenia/<pk>/pdf/: an issued certificate or opinion."""
    document = get_object_or_404(
        DocumentRequest.objects.visible_to(request.user).select_related("volunteer", "issued_by"),
        pk=pk,
        status=DocumentStatus.ISSUED,
    )
    return pdf_response(
        documents.document_pdf(document, request.GET.get("language", "pl")),
        documents.document_pdf_filename(document),
    )
