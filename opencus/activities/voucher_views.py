"""The vouchers' pages: the clerk issues a voucher from the person's page and prints it; the
partner venue's staff redeem it on their phone (enter the code → see the voucher → confirm →
done). The venue's pages show the service, the validity and the holder's name only, never
special-category data; a venue's staff never see another venue's vouchers (a 404, and an
unknown code for a code of another venue)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from opencus.activities import voucher_services
from opencus.activities.capabilities import VOUCHER_ISSUE, VOUCHER_REDEEM
from opencus.activities.models import Voucher
from opencus.activities.voucher_documents import voucher_pdf, voucher_pdf_filename
from opencus.activities.voucher_forms import VoucherCodeForm, VoucherIssueForm
from opencus.activities.voucher_services import voucher_find, voucher_issue
from opencus.catalog.models import ProgrammeService
from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.registry import PersonLink
from opencus.core.roles import has_capability
from opencus.intake.models import Entitlement, EntitlementStatus
from opencus.people.models import Person
from opencus.providers.models import staff_providers

issuer_required = capability_required(VOUCHER_ISSUE)
redeemer_required = capability_required(VOUCHER_REDEEM)


def _venue_check(request: HttpRequest) -> None:
    """A venue's staff member with no current provider has no venue to redeem for: 403."""
    if not staff_providers(request.user).exists():
        raise PermissionDenied


# --- The clerk's pages -----------------------------------------------------------------------


@issuer_required
def voucher_list(request: HttpRequest) -> HttpResponse:
    vouchers = (
        Voucher.objects.visible_to(request.user)
        .select_related("person", "service", "venue")
        .order_by("-issued_at", "-id")
    )
    page = Paginator(vouchers, 50).get_page(request.GET.get("page"))
    return render(request, "activities/voucher_list.html", {"page_obj": page, "query_prefix": ""})


def _voucher_services(person: Person) -> Any:
    """The services the person has an active entitlement to, delivered by a venue."""
    entitlements = Entitlement.objects.filter(
        person=person, status=EntitlementStatus.ACTIVE, provider__isnull=False
    ).values("service_id")
    return ProgrammeService.objects.filter(pk__in=entitlements).order_by("name")


@issuer_required
def voucher_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    services = _voucher_services(person)
    form = VoucherIssueForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        try:
            voucher = voucher_issue(person=person, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Voucher %(code)s is issued, valid until %(day)s.")
                % {"code": voucher.code_text, "day": voucher.valid_until.strftime("%d.%m.%Y")},
            )
            return redirect("activities:voucher_detail", uuid=voucher.uuid)
    vouchers = (
        Voucher.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("service", "venue")
        .order_by("-issued_at")[:50]
    )
    return render(
        request,
        "activities/voucher_person.html",
        {"person": person, "form": form, "vouchers": vouchers, "has_services": services.exists()},
        status=400 if form.errors else 200,
    )


@issuer_required
def voucher_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    voucher = get_object_or_404(
        Voucher.objects.visible_to(request.user).select_related("person", "service", "venue"),
        uuid=uuid,
    )
    history = voucher.transitions.select_related("actor").order_by("at", "id")
    return render(
        request, "activities/voucher_detail.html", {"voucher": voucher, "history": history}
    )


@issuer_required
def voucher_pdf_download(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    voucher = get_object_or_404(
        Voucher.objects.visible_to(request.user).select_related("person", "service", "venue"),
        uuid=uuid,
    )
    response = HttpResponse(voucher_pdf(voucher), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, voucher_pdf_filename(voucher)) or ""
    )
    return response


def person_links(user: Any, person: Any) -> list[PersonLink]:
    """The person card's line: their vouchers, for those who issue them (no query: the card
    keeps its query budget)."""
    if not has_capability(user, VOUCHER_ISSUE):
        return []
    return [
        PersonLink(
            text=_("Vouchers (cinema, museum)"),
            url=reverse("activities:voucher_person", args=[person.pk]),
            action_text=_("Issue a voucher"),
            action_url=reverse("activities:voucher_person", args=[person.pk]) + "#issue",
        )
    ]


# --- The venue's phone pages ----------------------------------------------------------------


@redeemer_required
def voucher_redeem_start(request: HttpRequest) -> HttpResponse:
    """Enter the code: a code the venue may redeem leads to the voucher's page; a mistyped,
    unknown, expired or used one is told on the form."""
    _venue_check(request)
    form = VoucherCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voucher = voucher_find(code=form.cleaned_data["code"], user=request.user)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect("activities:voucher_redeem", uuid=voucher.uuid)
    return render(
        request,
        "activities/voucher_redeem_start.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _venue_voucher(request: HttpRequest, uuid: uuid.UUID) -> Voucher:
    _venue_check(request)
    return get_object_or_404(
        Voucher.objects.filter(venue_id__in=staff_providers(request.user)).select_related(
            "person", "service", "venue"
        ),
        uuid=uuid,
    )


@redeemer_required
def voucher_redeem(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """The voucher as the venue sees it, with the button that redeems it (POST)."""
    voucher = _venue_voucher(request, uuid)
    refusal = ""
    if request.method == "POST":
        try:
            done = voucher_services.voucher_redeem(voucher=voucher, acting_user=request.user)
        except DomainError as error:
            refusal = error.text
        else:
            messages.success(
                request,
                _("Voucher %(code)s is redeemed: %(service)s for %(person)s. Enjoy the visit!")
                % {
                    "code": done.code_text,
                    "service": voucher.service.name,
                    "person": voucher.person.full_name,
                },
            )
            return redirect("activities:voucher_redeem_start")
    else:
        try:
            voucher_find(code=voucher.code, user=request.user)
        except DomainError as error:
            refusal = error.text
    return render(
        request,
        "activities/voucher_redeem.html",
        {"voucher": voucher, "refusal": refusal},
        status=400 if refusal and request.method == "POST" else 200,
    )
