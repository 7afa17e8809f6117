"""Assignments and hours: an assignment's page (log hours), withdrawing, completing,
cancelling; hours to confirm, reject or correct."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.errors import DomainError
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.roles import has_capability
from opencus.volunteering import services
from opencus.volunteering.capabilities import VOLUNTEERING_MANAGE
from opencus.volunteering.forms import HoursForm
from opencus.volunteering.models import (
    Assignment,
    AssignmentStatus,
    HoursLog,
    HoursStatus,
)
from opencus.volunteering.views.common import (
    form_page,
    manager_required,
    papers_required,
    posted,
    run_step,
    self_required,
)


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related(
            "need", "volunteer", "agreement"
        ),
        pk=pk,
    )


@papers_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/przydzialy/<pk>/: the assignment and its hours; log hours (the
    volunteer on a phone, or the coordinator for them)."""
    assignment = _assignment(request, pk)
    manager = has_capability(request.user, VOLUNTEERING_MANAGE)
    form = HoursForm(posted(request), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hours_log(
                assignment=assignment,
                worked_on=data["worked_on"],
                hours=data["hours"],
                scope=data["scope"],
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The hours are logged and wait for confirmation."))
            return redirect("volunteering:assignment_detail", assignment.pk)
    return render(
        request,
        "volunteering/assignment_detail.html",
        {
            "assignment": assignment,
            "hours": assignment.hours.select_related("decided_by"),
            "form": form,
            "manager": manager,
            "can_log": assignment.status in (AssignmentStatus.PLANNED, AssignmentStatus.COMPLETED),
        },
    )


@require_POST
@self_required
def assignment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/przydzialy/<pk>/rezygnacja/: the volunteer withdraws."""
    assignment = _assignment(request, pk)
    run_step(
        request,
        lambda: services.assignment_withdraw(assignment=assignment, acting_user=request.user),
        _("You have withdrawn from the assignment."),
    )
    return redirect("volunteering:mine")


@require_POST
@manager_required
def assignment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/przydzialy/<pk>/zakonczony/: the assignment is done."""
    assignment = _assignment(request, pk)
    run_step(
        request,
        lambda: services.assignment_complete(assignment=assignment, acting_user=request.user),
        _("The assignment is completed."),
    )
    return redirect("volunteering:assignment_detail", assignment.pk)


@manager_required
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/przydzialy/<pk>/odwolaj/: cancel a planned assignment."""
    assignment = _assignment(request, pk)
    return form_page(
        request,
        ReasonForm(posted(request)),
        title=_("Cancel the assignment"),
        back=reverse("volunteering:assignment_detail", args=[assignment.pk]),
        back_text=_("Back to the assignment"),
        save=lambda data: services.assignment_cancel(
            assignment=assignment, reason=data["reason"], acting_user=request.user
        ),
        success=_("The assignment is cancelled."),
        done=reverse("volunteering:assignment_detail", args=[assignment.pk]),
        button=_("Cancel the assignment"),
    )


@manager_required
def hours_list(request: HttpRequest) -> HttpResponse:
    """GET /wolontariat/godziny/: hours waiting for confirmation, oldest first."""
    waiting = (
        HoursLog.objects.visible_to(request.user)
        .filter(status=HoursStatus.LOGGED)
        .select_related("assignment__volunteer", "assignment__need")
        .order_by("worked_on", "id")
    )
    page = Paginator(waiting, 30).get_page(request.GET.get("page"))
    return render(request, "volunteering/hours_list.html", {"page_obj": page})


def _log(request: HttpRequest, pk: int) -> HoursLog:
    return get_object_or_404(HoursLog.objects.visible_to(request.user), pk=pk)


@require_POST
@papers_required
def hours_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/godziny/<pk>/potwierdz/: the coordinator confirms hours (a volunteer
    trying their own is refused with a message)."""
    log = _log(request, pk)
    try:
        confirmed = services.hours_confirm(log=log, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("The hours are confirmed."))
        if confirmed.ledger_refusal:
            messages.warning(request, confirmed.ledger_refusal)
    if not has_capability(request.user, VOLUNTEERING_MANAGE):
        return redirect("volunteering:assignment_detail", log.assignment_id)
    if request.POST.get("next") == "przydzial":
        return redirect("volunteering:assignment_detail", log.assignment_id)
    return redirect("volunteering:hours")


def _log_reason(request: HttpRequest, pk: int, *, correct: bool) -> HttpResponse:
    log = _log(request, pk)
    step = services.hours_correct if correct else services.hours_reject
    return form_page(
        request,
        ReasonForm(posted(request)),
        title=_("Correct confirmed hours") if correct else _("Do not confirm the hours"),
        back=reverse("volunteering:assignment_detail", args=[log.assignment_id]),
        back_text=_("Back to the assignment"),
        save=lambda data: step(log=log, reason=data["reason"], acting_user=request.user),
        success=_("The hours are corrected.") if correct else _("The hours are not confirmed."),
        done=reverse("volunteering:assignment_detail", args=[log.assignment_id]),
        intro=_("%(day)s: %(hours)s h, %(scope)s")
        % {"day": log.worked_on.strftime("%d.%m.%Y"), "hours": log.hours, "scope": log.scope},
    )


@manager_required
def hours_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/godziny/<pk>/odrzuc/: do not confirm hours (with the reason)."""
    return _log_reason(request, pk, correct=False)


@manager_required
def hours_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/godziny/<pk>/korekta/: withdraw confirmed hours (the ledger's
    units reversed)."""
    return _log_reason(request, pk, correct=True)
