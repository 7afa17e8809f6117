"""The coordinator's volunteers: the list, registering and changing one, their page, and the
child-protection checks (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability
from opencus.volunteering import selectors, services
from opencus.volunteering.capabilities import VOLUNTEERING_CHECKS
from opencus.volunteering.forms import (
    CheckForm,
    VolunteerForm,
)
from opencus.volunteering.models import (
    DocumentRequest,
    DocumentStatus,
    HoursLog,
    HoursStatus,
    Need,
    NeedStatus,
    Volunteer,
)
from opencus.volunteering.views.common import (
    checks_required,
    manager_required,
    posted,
    volunteer_or_404,
)


@manager_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """GET /wolontariat/: the volunteers (``?q=`` a name), what waits for the coordinator."""
    volunteers = Volunteer.objects.visible_to(request.user)
    query = request.GET.get("q", "").strip()[:80]
    if query:
        volunteers = volunteers.filter(last_name__icontains=query) | volunteers.filter(
            first_name__icontains=query
        )
    page = Paginator(volunteers.order_by("last_name", "first_name", "id"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "volunteering/volunteer_list.html",
        {
            "page_obj": page,
            "query": query,
            "query_prefix": urlencode({"q": query}) + "&" if query else "",
            "hours_waiting": HoursLog.objects.visible_to(request.user)
            .filter(status=HoursStatus.LOGGED)
            .count(),
            "documents_waiting": DocumentRequest.objects.visible_to(request.user)
            .filter(status=DocumentStatus.REQUESTED)
            .count(),
            "needs_open": Need.objects.visible_to(request.user)
            .filter(status=NeedStatus.OPEN)
            .count(),
        },
    )


def _volunteer_form(request: HttpRequest, volunteer: Volunteer | None) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if volunteer is not None:
        initial = {
            name: getattr(volunteer, name)
            for name in VolunteerForm.base_fields
            if name not in ("weekdays",)
        }
        initial["weekdays"] = [str(d) for d in volunteer.weekdays]
    form = VolunteerForm(posted(request), initial=initial)
    saved: list[Volunteer] = []

    def save(data: dict[str, Any]) -> None:
        saved.append(
            services.volunteer_save(
                data=services.VolunteerData(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    birth_date=data["birth_date"],
                    phone=data.get("phone") or "",
                    email=data.get("email") or "",
                    address=data.get("address") or "",
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    skills=tuple(data.get("skills") or ()),
                    weekdays=tuple(data.get("weekdays") or ()),
                    availability=data.get("availability") or "",
                    user=data.get("user"),
                    is_active=bool(data.get("is_active")),
                ),
                volunteer=volunteer,
                acting_user=request.user,
            )
        )

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved[0].full_name})
            return redirect("volunteering:volunteer_detail", saved[0].pk)
    return render(
        request,
        "volunteering/form.html",
        {
            "form": form,
            "title": volunteer.full_name if volunteer else _("Register a volunteer"),
            "back": reverse("volunteering:volunteers"),
            "back_text": _("Back to the volunteers"),
            "intro": "",
            "button": _("Save"),
        },
    )


@manager_required
def volunteer_create(request: HttpRequest) -> HttpResponse:
    """GET/POST /wolontariat/nowy/: register a volunteer."""
    return _volunteer_form(request, None)


@manager_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/dane/: change a volunteer's details."""
    return _volunteer_form(request, volunteer_or_404(request, pk))


@manager_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/<pk>/: the volunteer's agreements, insurance, briefings, travel costs,
    offers, assignments, hours and papers (the checks have a page of their own, audited)."""
    volunteer = volunteer_or_404(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "volunteering/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "today": today,
            "age": volunteer.age_on(today),
            "agreements": volunteer.agreements.all(),
            "policies": volunteer.policies.all(),
            "briefings": volunteer.briefings.all(),
            "claims": volunteer.claims.all(),
            "waivers": volunteer.waivers.all(),
            "offers": volunteer.offers.all(),
            "assignments": volunteer.assignments.select_related("need"),
            "hours": HoursLog.objects.filter(assignment__volunteer=volunteer).select_related(
                "assignment__need"
            )[:20],
            "hours_total": selectors.hours_confirmed(volunteer),
            "documents": volunteer.documents.all(),
            "readiness": selectors.readiness(volunteer, today, with_children=False),
            "children_missing": selectors.children_checks_missing(volunteer, today),
            "can_checks": has_capability(request.user, VOLUNTEERING_CHECKS),
        },
    )


@checks_required
def volunteer_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/weryfikacja/: the child-protection checks (register and
    criminal record): each read is audited; a new one recorded here."""
    volunteer = volunteer_or_404(request, pk)
    form = CheckForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_record(
                volunteer=volunteer,
                kind=data["kind"],
                checked_on=data["checked_on"],
                result=data["result"],
                document_number=data.get("document_number") or "",
                acting_user=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The check is recorded."))
            return redirect("volunteering:volunteer_checks", volunteer.pk)
    return render(
        request,
        "volunteering/checks.html",
        {
            "volunteer": volunteer,
            "checks": selectors.checks_read(volunteer=volunteer, user=request.user),
            "months": selectors.check_months(),
            "form": form,
        },
    )
