"""The organisers' pages of the queue: a service's enrolment rounds (create, allocate or draw,
check a draw), its number of places (which promotes from the waiting list), the notices the
client office still has to send, and "my work" — what waits for the logged-in user.

The views are thin: they parse a form, call one service of ``intake`` and report its outcome as
a message (post/redirect/get); a refusal by a service changes nothing and becomes a message.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencus.catalog.display import capacity_text
from opencus.core.access import capability_required
from opencus.core.formatting import period_text
from opencus.core.forms import form_add_domain_error
from opencus.intake import organiser_selectors as selectors
from opencus.intake.capabilities import APPLICATION_FILE, APPLICATION_VIEW, QUEUE_MANAGE
from opencus.intake.enrolment import (
    enrolment_candidates,
    enrolment_redraw_check,
    enrolment_round_allocate,
    enrolment_round_create,
    enrolment_round_draw,
)
from opencus.intake.letter_views import LETTER_SLUGS
from opencus.intake.letters import ITEM_LETTER_STATE
from opencus.intake.models import (
    Allocation,
    ApplicationItem,
    EnrolmentEntry,
    EnrolmentRound,
    EntryOutcome,
    ItemState,
    Notice,
)
from opencus.intake.notices import notice_mark_sent
from opencus.intake.organiser_forms import CapacityForm, NoticeSentForm, RoundForm
from opencus.intake.selectors import free_places
from opencus.intake.services import service_capacity_set
from opencus.people.models import Person

#: Notices per page of the list.
NOTICES_PER_PAGE = 25

#: The letter (its address slug) for each notice kind.
_SLUG_FOR_KIND = {kind: slug for slug, kind in LETTER_SLUGS.items()}


def _period(enrolment_round: EnrolmentRound) -> str:
    return period_text(enrolment_round.opens_on, enrolment_round.closes_on)


# --- Enrolment rounds -------------------------------------------------------------------------


@capability_required(APPLICATION_VIEW)
def enrolment_list(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    service = selectors.queue_service(uuid=uuid)
    return render(
        request,
        "intake/organiser/enrolment_list.html",
        {"service": service, "rounds": selectors.service_enrolment_rounds(service)},
    )


@capability_required(QUEUE_MANAGE)
def enrolment_new(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    service = selectors.queue_service(uuid=uuid)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment_round = enrolment_round_create(
                service=service,
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                allocation=data["allocation"],
                places=data["places"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The enrolment round %(period)s has been created.")
                % {"period": _period(enrolment_round)},
            )
            return redirect("intake:enrolment_detail", pk=enrolment_round.pk)
    return render(
        request,
        "intake/organiser/enrolment_form.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


@capability_required(APPLICATION_VIEW)
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.enrolment_round_detail(user=request.user, pk=pk)
    return render(
        request,
        "intake/organiser/enrolment_detail.html",
        {
            "view": view,
            "round": view.enrolment_round,
            # The seed as a Python literal, for the auditor's one-line repetition of the draw.
            "seed_literal": repr(view.enrolment_round.seed),
        },
    )


def _allocation_summary(enrolment_round: EnrolmentRound) -> str:
    counts = {
        row["outcome"]: row["n"]
        for row in EnrolmentEntry.objects.filter(enrolment_round=enrolment_round)
        .order_by()
        .values("outcome")
        .annotate(n=Count("id"))
    }
    return _(
        "Qualified: %(qualified)s. On the waiting list: %(waiting)s. "
        "Not meeting the conditions: %(not_eligible)s."
    ) % {
        "qualified": counts.get(EntryOutcome.QUALIFIED, 0),
        "waiting": counts.get(EntryOutcome.WAITING, 0),
        "not_eligible": counts.get(EntryOutcome.NOT_ELIGIBLE, 0),
    }


@capability_required(QUEUE_MANAGE)
def enrolment_allocate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what the allocation will do, and the button.
    POST: allocate in filing order, or draw the lottery, through the round services."""
    enrolment_round = selectors.enrolment_round_for_page(pk=pk)
    lottery = enrolment_round.allocation == Allocation.LOTTERY
    if request.method == "POST":
        try:
            if lottery:
                # The seed comes from the service (``secrets``): nobody types or picks it.
                enrolment_round_draw(enrolment_round=enrolment_round, acting_user=request.user)
            else:
                enrolment_round_allocate(enrolment_round=enrolment_round, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = _("The lottery has been drawn.") if lottery else _("The places are allocated.")
            messages.success(request, f"{done} {_allocation_summary(enrolment_round)}")
        return redirect("intake:enrolment_detail", pk=enrolment_round.pk)
    visible = Person.objects.visible_to(request.user)
    return render(
        request,
        "intake/organiser/enrolment_allocate.html",
        {
            "round": enrolment_round,
            "state": selectors.enrolment_round_state(enrolment_round),
            "lottery": lottery,
            "entrant_count": enrolment_candidates(enrolment_round)
            .filter(person__in=visible)
            .count(),
            "free_places": free_places(enrolment_round.service),
        },
    )


@require_POST
@capability_required(APPLICATION_VIEW)
def enrolment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Repeat the draw (or the filing order) from the stored seed and entrants: an auditor's
    check that changes nothing."""
    enrolment_round = selectors.enrolment_round_for_page(pk=pk)
    if enrolment_round.allocated_at is None:
        messages.error(
            request, _("This round has not been allocated yet: there is nothing to check.")
        )
    elif enrolment_redraw_check(enrolment_round):
        messages.success(
            request,
            _(
                "Repeated with the recorded seed and entrants: the result is the same as the "
                "recorded order."
            )
            if enrolment_round.allocation == Allocation.LOTTERY
            else _("Repeated from the filing order: the result is the same as the recorded order."),
        )
    else:
        messages.error(
            request,
            _(
                "Repeated from the recorded data, the result differs from the recorded order. "
                "Report it to the director and the auditor."
            ),
        )
    return redirect("intake:enrolment_detail", pk=enrolment_round.pk)


# --- Places -----------------------------------------------------------------------------------


@capability_required(QUEUE_MANAGE)
def service_places(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Change a service's number of places; added places go at once to the waiting list."""
    service = selectors.queue_service(uuid=uuid)
    form = CapacityForm(request.POST or None, initial={"capacity": service.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            promoted = service_capacity_set(
                service=service, capacity=form.cleaned_data["capacity"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            if promoted:
                text = _("The places are saved. Promoted from the waiting list: %(names)s.") % {
                    "names": ", ".join(item.person.full_name for item in promoted)
                }
            else:
                text = _("The places are saved. Nobody was promoted from the waiting list.")
            messages.success(request, text)
            return redirect("intake:queue_detail", uuid=service.uuid)
    waiting = ApplicationItem.objects.filter(service=service, state=ItemState.WAITING).count()
    return render(
        request,
        "intake/organiser/places.html",
        {
            "service": service,
            "form": form,
            "capacity": capacity_text(service),
            "free_places": free_places(service),
            "waiting_count": waiting,
        },
        status=400 if form.errors else 200,
    )


# --- Notices ----------------------------------------------------------------------------------


@capability_required(APPLICATION_FILE)
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notices_to_send(user=request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = []
    for notice in page:
        # The letter fits while the request is still in the state the notice reports.
        fits = ITEM_LETTER_STATE.get(notice.kind) == notice.item.state
        rows.append(
            (
                notice,
                _SLUG_FOR_KIND.get(notice.kind) if fits else None,
                NoticeSentForm(prefix=NoticeSentForm.prefix_for(notice.pk)),
            )
        )
    return render(
        request,
        "intake/organiser/notices.html",
        {"page_obj": page, "rows": rows, "query_prefix": ""},
    )


@require_POST
@capability_required(APPLICATION_FILE)
def notice_sent(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        Notice.objects.filter(
            item__person__in=Person.objects.visible_to(request.user)
        ).select_related("item__person"),
        pk=pk,
    )
    form = NoticeSentForm(request.POST, prefix=NoticeSentForm.prefix_for(notice.pk))
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("channel", [])))
        return redirect("intake:notices")
    try:
        notice_mark_sent(
            notice=notice, channel=form.cleaned_data["channel"], acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Marked as sent: the %(kind)s to %(name)s.")
            % {"kind": notice.get_kind_display(), "name": notice.item.person.full_name},
        )
    return redirect("intake:notices")
