"""The volunteer's own page on a phone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.volunteering import selectors, services
from opencus.volunteering.forms import DocumentRequestForm
from opencus.volunteering.models import (
    AssignmentStatus,
    HoursLog,
    Volunteer,
)
from opencus.volunteering.views.common import (
    posted,
    self_required,
)


@self_required
def mine(request: HttpRequest) -> HttpResponse:
    """GET/POST /wolontariat/moje/: the volunteer's own page on a phone: assignments (log
    hours from each), agreements, hours, and asking for a certificate or an opinion."""
    volunteer = Volunteer.objects.visible_to(request.user).first()
    form = DocumentRequestForm(posted(request))
    if volunteer is not None and request.method == "POST" and form.is_valid():
        try:
            services.document_request(
                volunteer=volunteer, kind=form.cleaned_data["kind"], acting_user=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your request is sent to the volunteer coordinator."))
            return redirect("volunteering:mine")
    today = timezone.localdate()
    context: dict[str, Any] = {"volunteer": volunteer, "form": form, "today": today}
    if volunteer is not None:
        context.update(
            assignments=volunteer.assignments.select_related("need").exclude(
                status__in=[AssignmentStatus.CANCELLED, AssignmentStatus.WITHDRAWN]
            ),
            agreements=volunteer.agreements.all(),
            hours=HoursLog.objects.filter(assignment__volunteer=volunteer).select_related(
                "assignment__need"
            )[:10],
            hours_total=selectors.hours_confirmed(volunteer),
            documents=volunteer.documents.all(),
        )
    return render(request, "volunteering/mine.html", context)
