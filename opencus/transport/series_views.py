"""The staff pages of recurring rides and of the organiser's booking rules.

- Recurring rides (``transport.book``): all series, a person's series and the form that
  arranges one (its rides are booked at once, and the days that do not fit are said), a
  series' page with its days without rides and its rides, adding days without rides, booking
  ahead now, and ending the series.
- The rules (``transport.configure``): the transport services, and for each its booking rules
  and quotas (add and remove limits).

Thin: people and series are read through ``visible_to`` (what one may not see is a 404), each
change is one service of ``series`` whose refusal shows on the form. Plain POST forms,
post/redirect/get."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opencus.catalog.models import ProgrammeService, Unit
from opencus.core.access import capability_required
from opencus.core.actions import confirm_page
from opencus.core.forms import ReasonForm, form_add_domain_error
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.people.selectors import person_search
from opencus.transport import selectors
from opencus.transport import series as series_services
from opencus.transport.capabilities import TRANSPORT_BOOK, TRANSPORT_CONFIGURE
from opencus.transport.models import Booking, RideSeries, TransportQuota, TransportRules
from opencus.transport.series_forms import (
    ExceptionForm,
    QuotaForm,
    RulesForm,
    SeriesForm,
)

#: How many of a series' rides its page lists (the next ones first).
RIDES_SHOWN = 40


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


def _series(request: HttpRequest, uuid: uuid.UUID) -> RideSeries:
    return get_object_or_404(
        RideSeries.objects.visible_to(request.user).select_related(
            "person", "entitlement__service", "created_by"
        ),
        uuid=uuid,
    )


def _report_messages(request: HttpRequest, report: series_services.GenerationReport) -> None:
    """Say what a run of the series booked and which days did not fit, and why."""
    if report.created:
        messages.success(
            request,
            ngettext(
                "%(n)s ride booked.",
                "%(n)s rides booked.",
                len(report.created),
            )
            % {"n": len(report.created)},
        )
    for failure in report.failures:
        messages.warning(
            request,
            _("%(day)s: not booked. %(reason)s")
            % {"day": failure.day.strftime("%d.%m.%Y"), "reason": failure.reason},
        )
    if not report.created and not report.failures:
        messages.info(request, _("Nothing more to book: every ride up to then is booked."))


# --- Series -----------------------------------------------------------------------------------


@capability_required(TRANSPORT_BOOK)
def series_list(request: HttpRequest) -> HttpResponse:
    """Every recurring series the user may see, active first; and a search for the person to
    arrange new ones for (by PESEL, name or phone, as the registry's search)."""
    show_ended = request.GET.get("zakonczone") == "1"
    query = (request.GET.get("osoba") or "").strip()
    found = list(person_search(user=request.user, query=query)[:10]) if query else []
    rows = RideSeries.objects.visible_to(request.user).select_related(
        "person", "entitlement__service"
    )
    if not show_ended:
        rows = rows.filter(is_active=True)
    rows = rows.order_by("-is_active", "person__last_name", "person__first_name", "id")
    page = Paginator(rows, settings.OPENCUS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "transport/series_list.html",
        {
            "page_obj": page,
            "show_ended": show_ended,
            "query": query,
            "found": found,
            "query_prefix": "zakonczone=1&" if show_ended else "",
        },
    )


@capability_required(TRANSPORT_BOOK)
def person_series(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's recurring rides, and the way to arrange new ones."""
    person = _person(request, pk)
    rows = (
        RideSeries.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("entitlement__service")
        .order_by("-is_active", "-starts_on", "-id")
    )
    return render(
        request,
        "transport/series_person.html",
        {"person": person, "rows": list(rows)},
    )


def _entitlements(person: Person) -> Any:
    """The person's active entitlements to services with booking rules."""
    return (
        Entitlement.objects.in_force(timezone.localdate())
        .filter(person=person, service__transport_rules__isnull=False)
        .select_related("service")
        .order_by("-starts_on", "id")
    )


@capability_required(TRANSPORT_BOOK)
def series_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Arrange recurring rides for the person, then book them ahead at once."""
    person = get_object_or_404(Person.objects.visible_to(request.user).active(), pk=pk)
    entitlements = _entitlements(person)
    form = SeriesForm(_posted(request), person=person, entitlements=entitlements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = series_services.series_create(
                person=person,
                entitlement=data["entitlement"],
                weekdays=data["weekdays"],
                outbound_time=data["outbound_time"],
                return_time=data["return_time"],
                origin=form.endpoint(data["origin"]),
                destination=form.endpoint(data["destination"]),
                destination_kind=data["destination_kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                weeks_ahead=data["weeks_ahead"],
                wheelchair=data["wheelchair"],
                companions=data["companions"],
                assistant=data["assistant"],
                guide_dog=data["guide_dog"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The recurring rides are arranged."))
            report = series_services.series_generate(created, acting_user=request.user)
            _report_messages(request, report)
            return redirect("transport:series_detail", uuid=created.uuid)
    return render(
        request,
        "transport/series_form.html",
        {"person": person, "form": form, "has_entitlement": entitlements.exists()},
        status=400 if form.errors else 200,
    )


@capability_required(TRANSPORT_BOOK)
def series_detail(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """A series: its days and times, its days without rides, and its rides (the coming ones
    first, then the last ones driven)."""
    series = _series(request, uuid)
    rides = Booking.objects.visible_to(request.user).filter(series=series)
    today = timezone.localdate()
    coming = list(rides.filter(day__gte=today).order_by("day", "window_start", "id")[:RIDES_SHOWN])
    past = list(rides.filter(day__lt=today).order_by("-day", "-window_start", "-id")[:10])
    selectors.needs_read(user=request.user, obj=series, rides=[series], what="series_page")
    return render(
        request,
        "transport/series_detail.html",
        {
            "series": series,
            "person": series.person,
            "weekdays": ", ".join(series_services.weekday_names(series.weekdays)),
            "exceptions": list(series.exceptions.select_related("created_by")),
            "coming": coming,
            "past": past,
            "total": rides.count(),
        },
    )


@capability_required(TRANSPORT_BOOK)
def series_exception(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Days without rides: the rides already booked in them are cancelled in time."""
    series = _series(request, uuid)
    form = ExceptionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _exception, cancelled = series_services.series_exception_add(
                series,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Days without rides saved; %(n)s ride cancelled.",
                    "Days without rides saved; %(n)s rides cancelled.",
                    len(cancelled),
                )
                % {"n": len(cancelled)},
            )
            return redirect("transport:series_detail", uuid=series.uuid)
    return render(
        request,
        "transport/series_exception.html",
        {"series": series, "person": series.person, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@capability_required(TRANSPORT_BOOK)
def series_generate(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """Book the series' rides ahead now (the weekly run does it too)."""
    series = _series(request, uuid)
    report = series_services.series_generate(series, acting_user=request.user)
    _report_messages(request, report)
    return redirect("transport:series_detail", uuid=series.uuid)


@capability_required(TRANSPORT_BOOK)
def series_end(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """End the series with a reason; its rides after today are cancelled in time."""
    series = _series(request, uuid)
    form = ReasonForm(_posted(request), label=_("Why the rides end"))
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = series_services.series_end(
                series, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The recurring rides have ended; %(n)s ride cancelled.",
                    "The recurring rides have ended; %(n)s rides cancelled.",
                    len(cancelled),
                )
                % {"n": len(cancelled)},
            )
            return redirect("transport:series_detail", uuid=series.uuid)
    return confirm_page(
        request,
        "transport/series_end.html",
        title=_("End the recurring rides"),
        caption=series.person.full_name,
        button=_("End the rides"),
        back_url=reverse("transport:series_detail", args=[series.uuid]),
        form=form,
        can_confirm=series.is_active,
        series=series,
    )


# --- The organiser's rules --------------------------------------------------------------------


def _transport_services() -> Any:
    """Services with booking rules, and the centre's own services counted in rides (which
    may get rules)."""
    return (
        ProgrammeService.objects.filter(Q(transport_rules__isnull=False) | Q(centre_unit=Unit.RIDE))
        .select_related("programme")
        .distinct()
        .order_by("programme__name", "name", "id")
    )


@capability_required(TRANSPORT_CONFIGURE)
def rules_list(request: HttpRequest) -> HttpResponse:
    services = list(_transport_services())
    with_rules = set(
        TransportRules.objects.filter(service__in=services).values_list("service_id", flat=True)
    )
    return render(
        request,
        "transport/rules_list.html",
        {"rows": [(service, service.pk in with_rules) for service in services]},
    )


def _service(pk: int) -> ProgrammeService:
    return get_object_or_404(_transport_services(), pk=pk)


@capability_required(TRANSPORT_CONFIGURE)
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The service's booking rules, and its quotas with a form to add one."""
    service = _service(pk)
    rules = TransportRules.objects.filter(service=service).first()
    initial = RulesForm.initial_of(rules or TransportRules())
    form = RulesForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            series_services.rules_save(
                service=service, values=form.cleaned_data, acting_user=request.user
            )
        except ValidationError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The booking rules have been saved."))
            return redirect("transport:rules_edit", pk=service.pk)
    return _rules_page(
        request, service, rules, form, QuotaForm(), status=400 if form.errors else 200
    )


def _rules_page(
    request: HttpRequest,
    service: ProgrammeService,
    rules: TransportRules | None,
    form: RulesForm,
    quota_form: QuotaForm,
    *,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "transport/rules_form.html",
        {
            "service": service,
            "rules": rules,
            "form": form,
            "quota_form": quota_form,
            "quotas": list(rules.quotas.all()) if rules else [],
        },
        status=status,
    )


@require_POST
@capability_required(TRANSPORT_CONFIGURE)
def quota_add(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(pk)
    rules = TransportRules.objects.filter(service=service).first()
    quota_form = QuotaForm(request.POST)
    if rules is None:
        messages.error(request, _("Save the booking rules first, then add limits."))
        return redirect("transport:rules_edit", pk=service.pk)
    if quota_form.is_valid():
        data = quota_form.cleaned_data
        try:
            series_services.quota_add(
                rules=rules,
                units=data["units"],
                period=data["period"],
                counts=data["counts"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_domain_error(quota_form, error)
        else:
            messages.success(request, _("The limit has been added."))
            return redirect("transport:rules_edit", pk=service.pk)
    form = RulesForm(initial=RulesForm.initial_of(rules))
    return _rules_page(request, service, rules, form, quota_form, status=400)


@capability_required(TRANSPORT_CONFIGURE)
def quota_remove(request: HttpRequest, pk: int, quota_pk: int) -> HttpResponse:
    service = _service(pk)
    quota = get_object_or_404(TransportQuota, pk=quota_pk, rules__service=service)
    if request.method == "POST":
        series_services.quota_remove(quota=quota, acting_user=request.user)
        messages.success(request, _("The limit has been removed."))
        return redirect("transport:rules_edit", pk=service.pk)
    return confirm_page(
        request,
        "transport/rules_quota_remove.html",
        title=_("Remove the limit"),
        caption=str(service),
        button=_("Remove the limit"),
        back_url=reverse("transport:rules_edit", args=[service.pk]),
        quota=quota,
    )


# Recurring rides and the organiser's rules (the "series" part).
urlpatterns = [
    path("przejazdy-cykliczne/", series_list, name="series_list"),
    path("osoby/<int:pk>/przejazdy-cykliczne/", person_series, name="person_series"),
    path("osoby/<int:pk>/przejazdy-cykliczne/nowe/", series_create, name="series_create"),
    path("przejazdy-cykliczne/<uuid:uuid>/", series_detail, name="series_detail"),
    path(
        "przejazdy-cykliczne/<uuid:uuid>/bez-przejazdow/",
        series_exception,
        name="series_exception",
    ),
    path("przejazdy-cykliczne/<uuid:uuid>/rezerwacja/", series_generate, name="series_generate"),
    path("przejazdy-cykliczne/<uuid:uuid>/zakonczenie/", series_end, name="series_end"),
    path("zasady/", rules_list, name="rules_list"),
    path("zasady/<int:pk>/", rules_edit, name="rules_edit"),
    path("zasady/<int:pk>/limity/nowy/", quota_add, name="quota_add"),
    path("zasady/<int:pk>/limity/<int:quota_pk>/usuniecie/", quota_remove, name="quota_remove"),
]
