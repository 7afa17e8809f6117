"""The pages of consultations and of the seniors' councils."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.community import selectors, services
from opencus.community.capabilities import COMMUNITY_MANAGE, COMMUNITY_VIEW
from opencus.community.forms import (
    ConsultationForm,
    ConsultationParticipantForm,
    CouncilMemberForm,
    CouncilOpinionForm,
    CouncilTermForm,
    EntryForm,
)
from opencus.community.models import Consultation, Council, CouncilTerm
from opencus.community.views.common import can, form_page, manage_required, view_required


@view_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """GET …/spolecznosci/konsultacje/: the consultations and the councils."""
    return render(
        request,
        "community/consultation_list.html",
        {
            "consultations": Consultation.objects.select_related("programme")[:200],
            "councils": Council.objects.all(),
            "can_manage": can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/nowa/: record a consultation."""
    form = ConsultationForm(request.POST or None, initial={"held_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Record a consultation"),
        back=reverse("community:consultations"),
        save=lambda d: services.consultation_create(acting_user=request.user, **d),
        success=_("The consultation is recorded."),
        then=lambda c: reverse("community:consultation", args=[c.uuid]),
    )


def _consultation(request: HttpRequest, key: uuid.UUID) -> Consultation:
    if not can(request, COMMUNITY_VIEW):
        raise Http404
    return get_object_or_404(Consultation.objects.select_related("programme"), uuid=key)


@view_required
def consultation_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/konsultacje/<uuid>/: who took part, topics, opinions and requests
    (those in the unmet-demand register with their source)."""
    consultation = _consultation(request, uuid)
    return render(
        request,
        "community/consultation_detail.html",
        {
            "consultation": consultation,
            "participants": consultation.participants.all(),
            "entries": consultation.entries.select_related("service", "demand"),
            "can_manage": can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def consultation_participant_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/<uuid>/uczestnicy/: who took part."""
    consultation = _consultation(request, uuid)
    form = ConsultationParticipantForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add participants"),
        caption=consultation.title,
        back=reverse("community:consultation", args=[consultation.uuid]),
        save=lambda d: services.consultation_participant_add(
            consultation=consultation, acting_user=request.user, **d
        ),
        success=_("The participants are added."),
        then=lambda x: reverse("community:consultation", args=[consultation.uuid]),
    )


@manage_required
def consultation_entry_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/konsultacje/<uuid>/glos/: an opinion or a request."""
    consultation = _consultation(request, uuid)
    form = EntryForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add an opinion or request"),
        caption=consultation.title,
        back=reverse("community:consultation", args=[consultation.uuid]),
        save=lambda d: services.consultation_entry_add(
            consultation=consultation, acting_user=request.user, **d
        ),
        success=_("It is recorded."),
        then=lambda x: reverse("community:consultation", args=[consultation.uuid]),
    )


# --- Councils ---------------------------------------------------------------------------------


def _council(request: HttpRequest, key: uuid.UUID) -> Council:
    if not can(request, COMMUNITY_VIEW):
        raise Http404
    return get_object_or_404(Council, uuid=key)


@view_required
def council_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET …/spolecznosci/rady/<uuid>/: the council's terms, members and opinions, each
    opinion linked to the programme it concerns."""
    council = _council(request, uuid)
    return render(
        request,
        "community/council_detail.html",
        {
            "council": council,
            "terms": council.terms.prefetch_related("members"),
            "opinions": council.opinions.select_related("programme"),
            "can_manage": can(request, COMMUNITY_MANAGE),
        },
    )


@manage_required
def council_term_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/kadencja/: open a term."""
    council = _council(request, uuid)
    form = CouncilTermForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add a term of office"),
        caption=council.name,
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_term_add(council=council, acting_user=request.user, **d),
        success=_("The term is added."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )


@manage_required
def council_member_add(request: HttpRequest, uuid: uuid.UUID, pk: int) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/kadencja/<pk>/czlonek/: add a member."""
    council = _council(request, uuid)
    term = get_object_or_404(CouncilTerm, pk=pk, council=council)
    form = CouncilMemberForm(request.POST or None)
    return form_page(
        request,
        form,
        title=_("Add a member"),
        caption=f"{council.name} {term}",
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_member_add(term=term, acting_user=request.user, **d),
        success=_("The member is added."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )


@manage_required
def council_opinion_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """GET/POST …/spolecznosci/rady/<uuid>/opinia/: attach an opinion to a programme."""
    council = _council(request, uuid)
    form = CouncilOpinionForm(request.POST or None, initial={"given_on": selectors.today()})
    return form_page(
        request,
        form,
        title=_("Record an opinion"),
        caption=council.name,
        back=reverse("community:council", args=[council.uuid]),
        save=lambda d: services.council_opinion_add(council=council, acting_user=request.user, **d),
        success=_("The opinion is recorded."),
        then=lambda x: reverse("community:council", args=[council.uuid]),
    )
