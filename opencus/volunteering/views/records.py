"""Agreements and a volunteer's records: concluding, confirming, ending and printing an
agreement; insurance, briefing, travel costs, waiver, offer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.core.roles import has_capability
from opencus.volunteering import documents, services
from opencus.volunteering.capabilities import VOLUNTEERING_MANAGE
from opencus.volunteering.forms import (
    AgreementCreateForm,
    BriefingForm,
    ClaimForm,
    EndForm,
    OfferForm,
    PolicyForm,
    WaiverForm,
)
from opencus.volunteering.models import (
    Agreement,
    AgreementForm,
    AgreementStatus,
    Volunteer,
)
from opencus.volunteering.views.common import (
    form_page,
    manager_required,
    papers_required,
    pdf_response,
    posted,
    run_step,
    volunteer_or_404,
)


@manager_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """GET/POST /wolontariat/<pk>/porozumienie/: conclude an agreement."""
    volunteer = volunteer_or_404(request, pk)
    form = AgreementCreateForm(
        posted(request),
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

    return form_page(
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
    run_step(
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
    form = EndForm(posted(request), initial={"ended_on": timezone.localdate()})
    return form_page(
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
    return pdf_response(
        documents.agreement_pdf(agreement, request.GET.get("language", "pl")),
        documents.agreement_pdf_filename(agreement),
    )


def _record_page(
    request: HttpRequest,
    pk: int,
    form_class: Any,
    title: str,
    success: str,
    save: Callable[[Volunteer, dict[str, Any]], Any],
) -> HttpResponse:
    volunteer = volunteer_or_404(request, pk)
    return form_page(
        request,
        form_class(posted(request)),
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
