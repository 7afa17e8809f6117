"""Catalogue pages: the public list of services and their cards (no login), and the staff
pages of programmes. Thin: parse the request, call a selector or a service, render."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.catalog import display, selectors, services
from opencus.catalog.capabilities import CATALOG_MANAGE, CATALOG_VIEW
from opencus.catalog.forms import (
    LocationTextsForm,
    ProgrammeServiceForm,
    ProgrammeTextsForm,
    ServiceFilterForm,
)
from opencus.catalog.models import Location, Programme, ProgrammeService
from opencus.core.access import capability_required
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.core.registry import programme_opinions
from opencus.core.roles import has_capability


def _query_prefix(request: HttpRequest) -> str:
    """The list's query string without the page, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return (query.urlencode() + "&") if query else ""


def public_service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET or None)
    area = group = None
    if form.is_bound and form.is_valid():
        area = form.cleaned_data["area"] or None
        group = form.cleaned_data["group"] or None
    found = selectors.public_services(area=area, target_group=group).order_by(
        selectors.in_language("name"), "id"
    )
    page = Paginator(found, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/public_service_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(area or group),
            "query_prefix": _query_prefix(request),
        },
        status=400 if form.errors else 200,
    )


def _card_context(service: ProgrammeService) -> dict[str, Any]:
    return {
        "service": service,
        "programme": service.programme,
        "conditions": display.conditions(service),
        "limits": [display.limit_text(limit) for limit in service.limits.all()],
        "capacity": display.capacity_text(service),
        "fee": display.fee_text(service),
        "hours": display.hours_by_day(service.hours.all()),
        "locations": [
            {"location": location, "hours": display.hours_by_day(location.hours.all())}
            for location in service.locations.all()
        ],
    }


def service_card(request: HttpRequest, service_uuid: uuid.UUID) -> HttpResponse:
    service = selectors.public_service_card(service_uuid=service_uuid)
    return render(request, "catalog/service_card.html", _card_context(service))


# --- Staff pages -----------------------------------------------------------------------------


def _admin_allowed(request: HttpRequest, permission: str) -> bool:
    # The Django admin needs is_staff plus model permissions; only then link to it.
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


@capability_required(CATALOG_VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list(user=request.user)
    page = Paginator(programmes, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/programme_list.html",
        {
            "page_obj": page,
            "query_prefix": _query_prefix(request),
            "admin_add": _admin_allowed(request, "catalog.add_programme"),
        },
    )


@capability_required(CATALOG_VIEW)
def programme_detail(request: HttpRequest, programme_uuid: uuid.UUID) -> HttpResponse:
    programme = selectors.programme_detail(user=request.user, programme_uuid=programme_uuid)
    rows = [
        {
            "service": service,
            "capacity": display.capacity_text(service),
            "limits": [display.limit_text(limit) for limit in service.limits.all()],
        }
        for service in programme.services.all()
    ]
    return render(
        request,
        "catalog/programme_detail.html",
        {
            "programme": programme,
            "rows": rows,
            "can_manage": has_capability(request.user, CATALOG_MANAGE),
            "admin_change": _admin_allowed(request, "catalog.change_programme"),
            "opinions": programme_opinions(request.user, programme),
        },
    )


@capability_required(CATALOG_VIEW)
def staff_service_detail(request: HttpRequest, service_uuid: uuid.UUID) -> HttpResponse:
    """The card as staff see it: also for services that are not public (yet)."""
    service = selectors.staff_service(user=request.user, service_uuid=service_uuid)
    context = _card_context(service)
    context.update(
        {
            "staff_view": True,
            "is_public_now": ProgrammeService.objects.public().filter(pk=service.pk).exists(),
            "can_manage": has_capability(request.user, CATALOG_MANAGE),
            "rules_json": json.dumps(service.eligibility_rules, ensure_ascii=False, indent=2),
        }
    )
    return render(request, "catalog/service_card.html", context)


@capability_required(CATALOG_MANAGE)
def service_edit(request: HttpRequest, service_uuid: uuid.UUID) -> HttpResponse:
    service = selectors.staff_service(user=request.user, service_uuid=service_uuid)
    # The form validates a copy: ModelForm writes the values into its instance while cleaning.
    form = ProgrammeServiceForm(
        request.POST or None,
        instance=ProgrammeService.objects.get(pk=service.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.programme_service_update(
            service=service,
            acting_user=request.user,
            fields={name: data[name] for name in services.EDITABLE_FIELDS},
            areas=data["areas"],
            target_groups=data["target_groups"],
            locations=data["locations"],
        )
        messages.success(request, _("The service card is saved."))
        return redirect("catalog:staff_service_detail", service_uuid=service.uuid)
    return render(
        request,
        "catalog/service_edit.html",
        {"form": form, "service": service},
        status=400 if form.errors else 200,
    )


def _texts_fields(form: ProgrammeTextsForm | LocationTextsForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@capability_required(CATALOG_MANAGE)
def programme_texts(request: HttpRequest, programme_uuid: uuid.UUID) -> HttpResponse:
    """A programme's name and description in Polish, Ukrainian and English."""
    programme = selectors.programme_detail(user=request.user, programme_uuid=programme_uuid)
    # The form validates a copy: ModelForm writes the values into its instance while cleaning.
    form = ProgrammeTextsForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_texts_update(
                programme=programme, acting_user=request.user, fields=_texts_fields(form)
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The texts of the programme are saved."))
            return redirect("catalog:programme_detail", programme_uuid=programme.uuid)
    return render(
        request,
        "catalog/texts_edit.html",
        {
            "form": form,
            "heading": _("Texts of the programme: %(name)s") % {"name": programme.name},
            "caption": _("Programme of social services"),
            "back_url": reverse("catalog:programme_detail", args=[programme.uuid]),
            "back_label": _("Back to the programme"),
        },
        status=400 if form.errors else 200,
    )


@capability_required(CATALOG_MANAGE)
def location_texts(request: HttpRequest, location_uuid: uuid.UUID) -> HttpResponse:
    """A place's name, description and accessibility in Polish, Ukrainian and English."""
    location = selectors.staff_location(user=request.user, location_uuid=location_uuid)
    form = LocationTextsForm(request.POST or None, instance=Location.objects.get(pk=location.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.location_texts_update(
                location=location, acting_user=request.user, fields=_texts_fields(form)
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The texts of the place are saved."))
            return redirect("catalog:location_texts", location_uuid=location.uuid)
    return render(
        request,
        "catalog/texts_edit.html",
        {
            "form": form,
            "heading": _("Texts of the place: %(name)s") % {"name": location.name},
            "caption": location.address_line,
            "back_url": reverse("catalog:programme_list"),
            "back_label": _("All programmes"),
        },
        status=400 if form.errors else 200,
    )
