"""The pages of the volunteer centre: the coordinator's volunteers, agreements, needs and
matching, hours to confirm and certificates; the volunteer's own phone pages (my assignments,
log hours, ask for a certificate).

Plain forms and post/redirect/get: every page works without JavaScript and at 320 px. A
refusal of a service shows in the form's error summary (or as a message after a button),
nothing changed. What a role may not see is a 404 (``visible_to``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.core.roles import has_capability
from opencus.people.models import Person
from opencus.volunteering import documents, selectors, services
from opencus.volunteering.capabilities import (
    VOLUNTEERING_CHECKS,
    VOLUNTEERING_MANAGE,
    VOLUNTEERING_NEED,
    VOLUNTEERING_PAPERS,
    VOLUNTEERING_SELF,
)
from opencus.volunteering.forms import (
    AgreementCreateForm,
    BriefingForm,
    CheckForm,
    ClaimForm,
    DocumentRequestForm,
    EndForm,
    HoursForm,
    NeedForm,
    OfferForm,
    OpinionForm,
    PolicyForm,
    VolunteerForm,
    WaiverForm,
)
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    AgreementStatus,
    Assignment,
    AssignmentStatus,
    DocumentRequest,
    DocumentStatus,
    HoursLog,
    HoursStatus,
    Need,
    NeedStatus,
    Volunteer,
)

manager_required = capability_required(VOLUNTEERING_MANAGE)
checks_required = capability_required(VOLUNTEERING_CHECKS)
need_required = capability_required(VOLUNTEERING_NEED)
self_required = capability_required(VOLUNTEERING_SELF)
#: The volunteer's own papers, or the centre's (``visible_to`` tells them apart).
papers_required = capability_required(VOLUNTEERING_PAPERS)


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (an empty one too: a form with only optional fields posted
    empty must still be bound), ``None`` for a GET."""
    return request.POST if request.method == "POST" else None


def _run(request: HttpRequest, step: Callable[[], Any], success: str) -> bool:
    try:
        step()
    except DomainError as error:
        messages.error(request, error.text)
        return False
    messages.success(request, success)
    return True


def _form_page(
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


def _volunteer(request: HttpRequest, pk: int) -> Volunteer:
    return get_object_or_404(Volunteer.objects.visible_to(request.user), pk=pk)


# --- The coordinator: volunteers --------------------------------------------------------------


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
    form = VolunteerForm(_posted(request), initial=initial)
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
    return _volunteer_form(request, _volunteer(request, pk))


@manager_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/<pk>/: the volunteer's agreements, insurance, briefings, travel costs,
    offers, assignments, hours and papers (the checks have a page of their own, audited)."""
    volunteer = _volunteer(request, pk)
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
    volunteer = _volunteer(request, pk)
    form = CheckForm(_posted(request))
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


@manager_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/porozumienie/: conclude an agreement."""
    volunteer = _volunteer(request, pk)
    form = AgreementCreateForm(
        _posted(request),
        initial={
            "form": AgreementForm.WRITTEN,
            "starts_on": timezone.localdate(),
            "termination": AgreementCreateForm.TERMINATION,
        },
    )

    def save(data: dict[str, Any]) -> None:
        services.agreement_conclude(
            volunteer=volunteer,
            data=services.AgreementData(
                form=data["form"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                scope=data["scope"],
                manner=data["manner"],
                termination=data["termination"],
                representative_name=data.get("representative_name") or "",
                consent_reference=data.get("consent_reference") or "",
            ),
            acting_user=request.user,
        )

    return _form_page(
        request,
        form,
        title=_("Agreement with %(name)s") % {"name": volunteer.full_name},
        back=reverse("volunteering:volunteer_detail", args=[volunteer.pk]),
        back_text=_("Back to the volunteer"),
        save=save,
        success=_("The agreement is concluded."),
        done=reverse("volunteering:volunteer_detail", args=[volunteer.pk]),
        intro=_(
            "%(name)s is %(age)s today. Under 13 the legal representative concludes the"
            " agreement; from 13 to 17 the volunteer signs with the representative's written"
            " consent. The age on the agreement's first day counts."
        )
        % {"name": volunteer.full_name, "age": volunteer.age_on(timezone.localdate())},
        button=_("Conclude the agreement"),
    )


@require_POST
@papers_required
def agreement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/porozumienia/<pk>/potwierdzenie/: ask for the written confirmation
    of an oral agreement (the volunteer or the coordinator)."""
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    _run(
        request,
        lambda: services.agreement_confirmation_request(
            agreement=agreement, acting_user=request.user
        ),
        _("The written confirmation is ready to print."),
    )
    if has_capability(request.user, VOLUNTEERING_MANAGE):
        return redirect("volunteering:volunteer_detail", agreement.volunteer_id)
    return redirect("volunteering:mine")


@manager_required
def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/porozumienia/<pk>/zakoncz/: end an agreement."""
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user), pk=pk, status=AgreementStatus.ACTIVE
    )
    form = EndForm(_posted(request), initial={"ended_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        title=_("End the agreement %(number)s") % {"number": agreement.number},
        back=reverse("volunteering:volunteer_detail", args=[agreement.volunteer_id]),
        back_text=_("Back to the volunteer"),
        save=lambda data: services.agreement_end(
            agreement=agreement,
            ended_on=data["ended_on"],
            reason=data["reason"],
            acting_user=request.user,
        ),
        success=_("The agreement is ended."),
        done=reverse("volunteering:volunteer_detail", args=[agreement.volunteer_id]),
        button=_("End the agreement"),
    )


@papers_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/porozumienia/<pk>/pdf/: the written agreement, or the written
    confirmation of an oral one once it was asked for (a tagged PDF)."""
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).select_related("volunteer"), pk=pk
    )
    if agreement.form == AgreementForm.ORAL and agreement.confirmation_requested_at is None:
        raise Http404
    return _pdf_response(
        documents.agreement_pdf(agreement, request.GET.get("language", "pl")),
        documents.agreement_pdf_filename(agreement),
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


def _record_page(
    request: HttpRequest,
    pk: int,
    form_class: Any,
    title: str,
    success: str,
    save: Callable[[Volunteer, dict[str, Any]], Any],
) -> HttpResponse:
    volunteer = _volunteer(request, pk)
    return _form_page(
        request,
        form_class(_posted(request)),
        title=f"{title}: {volunteer.full_name}",
        back=reverse("volunteering:volunteer_detail", args=[volunteer.pk]),
        back_text=_("Back to the volunteer"),
        save=lambda data: save(volunteer, data),
        success=success,
        done=reverse("volunteering:volunteer_detail", args=[volunteer.pk]),
    )


@manager_required
def policy_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/ubezpieczenie/: record an accident (NNW) policy."""
    return _record_page(
        request,
        pk,
        PolicyForm,
        _("Accident insurance"),
        _("The policy is recorded."),
        lambda volunteer, data: services.insurance_record(
            volunteer=volunteer, acting_user=request.user, **data
        ),
    )


@manager_required
def briefing_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/szkolenie-bhp/: record the health-and-safety briefing."""
    return _record_page(
        request,
        pk,
        BriefingForm,
        _("Health-and-safety briefing"),
        _("The briefing is recorded."),
        lambda volunteer, data: services.briefing_record(
            volunteer=volunteer, acting_user=request.user, **data
        ),
    )


@manager_required
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/koszty-podrozy/: record travel costs reimbursed."""
    return _record_page(
        request,
        pk,
        ClaimForm,
        _("Travel costs"),
        _("The travel costs are recorded."),
        lambda volunteer, data: services.travel_claim_record(
            volunteer=volunteer, acting_user=request.user, **data
        ),
    )


@manager_required
def waiver_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/zrzeczenie/: record a written waiver of travel costs."""
    return _record_page(
        request,
        pk,
        WaiverForm,
        _("Waiver of travel costs"),
        _("The waiver is recorded."),
        lambda volunteer, data: services.waiver_record(
            volunteer=volunteer,
            signed_on=data["signed_on"],
            document_reference=data.get("document_reference") or "",
            written=bool(data.get("written")),
            acting_user=request.user,
        ),
    )


@manager_required
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/oferta/: record what the volunteer offers."""
    return _record_page(
        request,
        pk,
        OfferForm,
        _("Offer"),
        _("The offer is recorded."),
        lambda volunteer, data: services.offer_record(
            volunteer=volunteer,
            title=data["title"],
            skills=tuple(data.get("skills") or ()),
            with_children=bool(data.get("with_children")),
            acting_user=request.user,
        ),
    )


# --- Needs and matching -----------------------------------------------------------------------


@need_required
def need_list(request: HttpRequest) -> HttpResponse:
    """GET /wolontariat/potrzeby/: the needs for volunteers (the centre's all, others their
    own), open ones first."""
    needs = Need.objects.visible_to(request.user).order_by("status", "starts_on", "id")
    page = Paginator(needs, 25).get_page(request.GET.get("page"))
    return render(request, "volunteering/need_list.html", {"page_obj": page})


@need_required
def need_create(request: HttpRequest) -> HttpResponse:
    """GET/POST /wolontariat/potrzeby/nowa/ (``?osoba=<pk>``: help for a person one may see):
    ask for volunteers."""
    person = None
    if request.GET.get("osoba", "").isdigit():
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=request.GET["osoba"])
    today = timezone.localdate()
    form = NeedForm(_posted(request), initial={"starts_on": today, "ends_on": today})
    created: list[Need] = []

    def save(data: dict[str, Any]) -> None:
        created.append(
            services.need_create(
                data=services.NeedData(
                    title=data["title"],
                    description=data.get("description") or "",
                    skills=tuple(data.get("skills") or ()),
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    place=data["place"],
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    volunteers_needed=data["volunteers_needed"],
                    with_children=bool(data.get("with_children")),
                ),
                person=person,
                acting_user=request.user,
            )
        )

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The need is sent to the volunteer centre."))
            return redirect("volunteering:need_detail", created[0].pk)
    return render(
        request,
        "volunteering/form.html",
        {
            "form": form,
            "title": (
                _("Volunteer help for %(name)s") % {"name": person.full_name}
                if person
                else _("Ask for volunteers")
            ),
            "back": reverse("volunteering:needs"),
            "back_text": _("Back to the needs"),
            "intro": _(
                "The volunteer's hours of help go on the person's card when they have an"
                " entitlement to volunteer help."
            )
            if person
            else "",
            "button": _("Send"),
        },
    )


@need_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """GET /wolontariat/potrzeby/<pk>/: the need, its assignments and (for the centre) the
    volunteers suggested for it, best first."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    manager = has_capability(request.user, VOLUNTEERING_MANAGE)
    person_visible = (
        need.person_id is not None
        and Person.objects.visible_to(request.user).filter(pk=need.person_id).exists()
    )
    return render(
        request,
        "volunteering/need_detail.html",
        {
            "need": need,
            "assignments": need.assignments.select_related("volunteer"),
            "suggestions": selectors.suggestions(need)
            if manager and need.status == NeedStatus.OPEN
            else [],
            "manager": manager,
            "person_visible": person_visible,
        },
    )


@require_POST
@manager_required
def need_assign(request: HttpRequest, pk: int, volunteer: int) -> HttpResponse:
    """POST /wolontariat/potrzeby/<pk>/przydziel/<volunteer>/: accept a suggestion."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    found = _volunteer(request, volunteer)
    _run(
        request,
        lambda: services.assignment_create(need=need, volunteer=found, acting_user=request.user),
        _("%(name)s is placed on the need.") % {"name": found.full_name},
    )
    return redirect("volunteering:need_detail", need.pk)


@require_POST
@manager_required
def need_close(request: HttpRequest, pk: int) -> HttpResponse:
    """POST /wolontariat/potrzeby/<pk>/zamknij/: nobody more is placed on the need."""
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    _run(
        request,
        lambda: services.need_close(need=need, acting_user=request.user),
        _("The need is closed."),
    )
    return redirect("volunteering:need_detail", need.pk)


# --- Assignments and hours --------------------------------------------------------------------


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
    form = HoursForm(_posted(request), today=timezone.localdate())
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
    _run(
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
    _run(
        request,
        lambda: services.assignment_complete(assignment=assignment, acting_user=request.user),
        _("The assignment is completed."),
    )
    return redirect("volunteering:assignment_detail", assignment.pk)


@manager_required
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/przydzialy/<pk>/odwolaj/: cancel a planned assignment."""
    assignment = _assignment(request, pk)
    return _form_page(
        request,
        ReasonForm(_posted(request)),
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
    return _form_page(
        request,
        ReasonForm(_posted(request)),
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


# --- Certificates and opinions ----------------------------------------------------------------


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
    return _form_page(
        request,
        OpinionForm(_posted(request)),
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
    return _pdf_response(
        documents.document_pdf(document, request.GET.get("language", "pl")),
        documents.document_pdf_filename(document),
    )


# --- The volunteer's own pages ----------------------------------------------------------------


@self_required
def mine(request: HttpRequest) -> HttpResponse:
    """GET/POST /wolontariat/moje/: the volunteer's own page on a phone: assignments (log
    hours from each), agreements, hours, and asking for a certificate or an opinion."""
    volunteer = Volunteer.objects.visible_to(request.user).first()
    form = DocumentRequestForm(_posted(request))
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
