"""The provider's pages (issue 4, item 5): my clients, today's deliveries, a month's import.

A provider's staff member sees only the provider they currently work for: another provider's
client, entitlement or record is a 404, and without a current link the pages are a 403. The
director and the service organiser (who record for any provider) pick the provider with
``?wykonawca=<uuid>``. Of each person only what delivery needs is shown: name, address, phone,
the service and what is left of it — no PESEL, no notes, no other services.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencus.catalog.models import Unit
from opencus.core.access import access_required
from opencus.core.exports import csv_text
from opencus.core.formatting import day_text, number_text
from opencus.core.forms import form_add_domain_error
from opencus.core.roles import has_capability, user_roles
from opencus.delivery.balances import Balance, entitlement_balances
from opencus.delivery.capabilities import DELIVERY_RECORD
from opencus.delivery.errors import DeliveryAlreadyRecorded
from opencus.delivery.imports import TEMPLATE_HEADER, ImportFileError, import_deliveries
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.provider_forms import CorrectionForm, ImportForm, TodayForm
from opencus.delivery.services import (
    CENTRE_RECORDING_ROLES,
    DeliveryError,
    delivery_correct,
    delivery_record,
)
from opencus.intake.models import Entitlement
from opencus.providers.models import Provider, staff_providers

View = Callable[..., HttpResponse]
PROVIDER_PARAM = "wykonawca"
DAY_PARAM = "dzien"
YESTERDAY = "wczoraj"
#: The session key of the confirmation shown in the row just recorded (not at the top of
#: the page, which a phone has scrolled away from).
CONFIRMATION = "delivery_today_confirmation"


# --- Scope (selectors) ------------------------------------------------------------------------


def providers_recorded_by(user: Any) -> QuerySet[Provider]:
    """The providers whose clients ``user`` records for: any for the director and the
    organiser; for a provider's staff member, the one they currently work for."""
    if not has_capability(user, DELIVERY_RECORD):
        return Provider.objects.none()
    roles = user_roles(user)
    if roles & CENTRE_RECORDING_ROLES:
        return Provider.objects.all()
    return Provider.objects.filter(pk__in=staff_providers(user))


def entitlements_visible_to(user: Any) -> QuerySet[Entitlement]:
    """Entitlements of the providers the user records for (anything else is a 404)."""
    return Entitlement.objects.visible_to(user).filter(provider__in=providers_recorded_by(user))


def client_entitlements(provider: Provider, on: dt.date) -> QuerySet[Entitlement]:
    """The provider's clients: entitlements in force on ``on``, by the person's name, with
    only what delivery needs fetched."""
    return (
        Entitlement.objects.in_force(on)
        .filter(provider=provider)
        .select_related("person", "service")
        .order_by("person__last_name_folded", "person__first_name_folded", "id")
    )


# --- Guards -----------------------------------------------------------------------------------


#: Anonymous → the login page; no right to record deliveries, or a provider's staff
#: member with no current provider → 403.
provider_pages = access_required(lambda user: providers_recorded_by(user).exists())


def _is_centre(user: Any) -> bool:
    return bool(user_roles(user) & CENTRE_RECORDING_ROLES)


def _provider(request: HttpRequest) -> Provider | None:
    """The provider the page is about: a staff member's own; for the centre's staff the one
    named by ``?wykonawca=`` (None: not chosen yet)."""
    providers = providers_recorded_by(request.user)
    if not _is_centre(request.user):
        return providers.first()
    chosen = request.GET.get(PROVIDER_PARAM) or request.POST.get(PROVIDER_PARAM)
    if not chosen:
        return None
    try:
        key = uuid.UUID(chosen)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(providers, uuid=key)


def _provider_query(provider: Provider | None, request: HttpRequest, **extra: str) -> str:
    params = dict(extra)
    if provider is not None and _is_centre(request.user):
        params[PROVIDER_PARAM] = str(provider.uuid)
    return f"?{urlencode(params)}" if params else ""


def _choose_provider(request: HttpRequest, title: str, url_name: str) -> HttpResponse:
    providers = Provider.objects.active().order_by("name", "id").only("uuid", "name")
    return render(
        request,
        "delivery/provider/choose.html",
        {"title": title, "providers": providers, "url_name": url_name, "param": PROVIDER_PARAM},
    )


def _balance_text(balances: list[Balance]) -> str:
    if not balances:
        return _("not limited")
    return "; ".join(
        _("%(remaining)s of %(allowed)s × %(unit)s left in %(window)s")
        % {
            "remaining": b.remaining_text,
            "allowed": b.allowed_text,
            "unit": b.unit_label,
            "window": b.window,
        }
        for b in balances
    )


def _exhausted_text(balances: list[Balance]) -> str:
    """Why nothing more can be recorded ("" while something is left): every unit the
    entitlement is counted in has an allowance used up in the period containing the day."""
    spent: dict[str, Balance] = {}
    for balance in balances:
        if balance.remaining <= 0:
            spent.setdefault(balance.unit, balance)
    if not balances or {b.unit for b in balances} - spent.keys():
        return ""
    return "; ".join(
        _("Nothing is left: all %(allowed)s × %(unit)s of %(window)s are used.")
        % {"allowed": b.allowed_text, "unit": b.unit_label, "window": b.window}
        for b in spent.values()
    )


def _rows(entitlements: list[Entitlement], on: dt.date) -> list[dict[str, Any]]:
    balances = entitlement_balances(entitlements, on)
    return [
        {
            "entitlement": entitlement,
            "person": entitlement.person,
            "balances": balances[entitlement.pk],
            "balance_text": _balance_text(balances[entitlement.pk]),
            "exhausted": _exhausted_text(balances[entitlement.pk]),
        }
        for entitlement in entitlements
    ]


# --- My clients -------------------------------------------------------------------------------


@provider_pages
def clients(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    if provider is None:
        return _choose_provider(request, _("My clients"), "delivery:provider_clients")
    today = timezone.localdate()
    return render(
        request,
        "delivery/provider/clients.html",
        {
            "provider": provider,
            "rows": _rows(list(client_entitlements(provider, today)), today),
            "query": _provider_query(provider, request),
            "today": today,
        },
    )


@provider_pages
def client_detail(request: HttpRequest, entitlement_uuid: uuid.UUID) -> HttpResponse:
    entitlement = get_object_or_404(
        entitlements_visible_to(request.user).select_related("person", "service", "provider"),
        uuid=entitlement_uuid,
    )
    today = timezone.localdate()
    records = (
        DeliveryRecord.objects.filter(entitlement=entitlement)
        .annotate(reversed=Exists(DeliveryRecord.objects.filter(corrects=OuterRef("pk"))))
        .select_related("recorded_by")
        .order_by("-delivered_on", "-id")
    )
    return render(
        request,
        "delivery/provider/client_detail.html",
        {
            "provider": entitlement.provider,
            "row": _rows([entitlement], today)[0],
            "records": records,
            "query": _provider_query(entitlement.provider, request),
        },
    )


@provider_pages
@require_http_methods(["GET", "POST"])
def record_correct(request: HttpRequest, record_uuid: uuid.UUID) -> HttpResponse:
    record = get_object_or_404(
        DeliveryRecord.objects.visible_to(request.user)
        .filter(
            provider__in=providers_recorded_by(request.user),
            entitlement__provider__in=providers_recorded_by(request.user),
        )
        .select_related("entitlement__person", "entitlement__service", "entitlement__provider"),
        uuid=record_uuid,
    )
    entitlement = record.entitlement
    back = reverse("delivery:provider_client", args=[entitlement.uuid]) + _provider_query(
        entitlement.provider, request
    )
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delivery_correct(
                record=record, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except DeliveryError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The record of %(day)s is reversed: %(units)s × %(unit)s taken back.")
                % {
                    "day": day_text(record.delivered_on),
                    "units": number_text(record.units),
                    "unit": Unit(record.unit).label,
                },
            )
            return redirect(back)
    return render(
        request,
        "delivery/provider/correct.html",
        {"record": record, "entitlement": entitlement, "form": form, "back": back},
    )


# --- Today's deliveries -----------------------------------------------------------------------


@provider_pages
@require_http_methods(["GET", "POST"])
def today(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    if provider is None:
        return _choose_provider(request, _("Today's deliveries"), "delivery:provider_today")
    now = timezone.localdate()
    yesterday = (request.GET.get(DAY_PARAM) or request.POST.get(DAY_PARAM)) == YESTERDAY
    day = now - dt.timedelta(days=1) if yesterday else now
    day_params = {DAY_PARAM: YESTERDAY} if yesterday else {}
    query = _provider_query(provider, request, **day_params)
    entitlements = list(client_entitlements(provider, day))
    forms = {
        e.pk: TodayForm(auto_id=f"units-{e.pk}-%s", client_name=e.person.full_name)
        for e in entitlements
    }
    if request.method == "POST":
        posted = request.POST.get("entitlement", "")
        entitlement = next((e for e in entitlements if str(e.uuid) == posted), None)
        if entitlement is None:
            # Another provider's client, or no longer in force: nothing to record here.
            raise Http404
        form = TodayForm(
            request.POST,
            auto_id=f"units-{entitlement.pk}-%s",
            client_name=entitlement.person.full_name,
        )
        forms[entitlement.pk] = form
        if form.is_valid():
            try:
                record = delivery_record(
                    entitlement=entitlement,
                    delivered_on=day,
                    units=form.cleaned_data["units"],
                    acting_user=request.user,
                    request_key=form.cleaned_data["token"],
                )
            except DeliveryAlreadyRecorded as error:
                # A second tap on "Record": the first one's confirmation, nothing recorded.
                return _confirm(request, entitlement, error.text, query)
            except DeliveryError as error:
                form_add_domain_error(form, error)
                _errors_to_units(form)
            else:
                balances = entitlement_balances([entitlement], day)[entitlement.pk]
                text = _(
                    "Recorded %(units)s × %(unit)s for %(name)s on %(day)s. Left: %(left)s."
                ) % {
                    "units": number_text(record.units),
                    "unit": Unit(record.unit).label,
                    "name": entitlement.person.full_name,
                    "day": day_text(day),
                    "left": _balance_text(balances),
                }
                return _confirm(request, entitlement, text, query)
        else:
            _errors_to_units(form)
    confirmation = request.session.pop(CONFIRMATION, None) if request.method == "GET" else None
    errored = next((form for form in forms.values() if form.errors), None)
    rows = _rows(entitlements, day)
    for row in rows:
        row["form"] = forms[row["entitlement"].pk]
        row["confirmation"] = (
            confirmation["text"]
            if confirmation and confirmation.get("row") == row["entitlement"].pk
            else ""
        )
    return render(
        request,
        "delivery/provider/today.html",
        {
            "provider": provider,
            "form": errored,
            "rows": rows,
            "day": day,
            "yesterday": yesterday,
            "query": query,
            "today_query": _provider_query(provider, request),
            "yesterday_query": _provider_query(provider, request, **{DAY_PARAM: YESTERDAY}),
            "provider_param": PROVIDER_PARAM if _is_centre(request.user) else "",
            "day_param": DAY_PARAM,
            "yesterday_value": YESTERDAY,
        },
    )


def _errors_to_units(form: TodayForm) -> None:
    """The row has one visible field: every refusal (and a spoilt token) is shown next to
    it."""
    moved = list(form.non_field_errors())
    form.errors.pop("__all__", None)
    if form.errors.pop("token", None) is not None:
        moved.append(_("The page is out of date: reload it and record again."))
    if moved:
        form.add_error("units", moved)


def _confirm(request: HttpRequest, entitlement: Entitlement, text: str, query: str) -> Any:
    """Back to the row just recorded, with its confirmation in the row itself."""
    request.session[CONFIRMATION] = {"row": entitlement.pk, "text": text}
    return redirect(reverse("delivery:provider_today") + query + f"#client-{entitlement.pk}")


# --- Import -----------------------------------------------------------------------------------


@provider_pages
@require_http_methods(["GET", "POST"])
def import_month(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    if provider is None:
        return _choose_provider(
            request, _("Import a month of deliveries"), "delivery:provider_import"
        )
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_deliveries(
                provider=provider, name=upload.name, content=upload.read(), acting_user=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("%(count)s deliveries were recorded from the file.")
                    % {"count": result.added},
                )
                return redirect(
                    reverse("delivery:provider_import") + _provider_query(provider, request)
                )
            errors = [str(error) for error in result.errors]
            form.add_error(
                "file",
                _(
                    "%(count)s rows are wrong; nothing was recorded. Correct them and upload"
                    " the file again."
                )
                % {"count": len(errors)},
            )
    return render(
        request,
        "delivery/provider/import.html",
        {
            "provider": provider,
            "form": form,
            "row_errors": errors,
            "query": _provider_query(provider, request),
        },
    )


@provider_pages
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "\ufeff" + csv_text([TEMPLATE_HEADER]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="realizacje-wzor.csv"'
    return response
