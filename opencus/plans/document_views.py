"""The printed plan: a version of an individual plan as a tagged PDF for the person to read
and sign (``documents``), for those who may see the plan."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import content_disposition_header

from opencus.core.access import capability_required
from opencus.plans.capabilities import PLAN_VIEW
from opencus.plans.documents import plan_language, plan_pdf_filename, plan_pdf_read
from opencus.plans.models import IndividualPlan, PlanVersion


@capability_required(PLAN_VIEW)
def plan_pdf_download(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/wersje/<uuid>/plan.pdf (``?language=uk``): the version as a PDF, in the person's
    language unless another is asked for. A role that sees no plans is refused (403); a plan
    the user may not see is a 404; each download is recorded in the audit log."""
    version = get_object_or_404(
        PlanVersion.objects.select_related(
            "plan__person", "plan__coordinator", "approved_by"
        ).filter(plan__in=IndividualPlan.objects.visible_to(request.user)),
        uuid=uuid,
    )
    language = plan_language(version, request.GET.get("language", ""))
    pdf = plan_pdf_read(version=version, acting_user=request.user, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, plan_pdf_filename(version)) or ""
    )
    response["Cache-Control"] = "private, no-store"  # special-category data: not kept anywhere
    return response


urlpatterns = [
    path("wersje/<uuid:uuid>/plan.pdf", plan_pdf_download, name="pdf"),
]
