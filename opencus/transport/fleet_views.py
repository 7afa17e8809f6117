"""The dispatcher's fleet pages (``transport.dispatch``): vehicles with their seats,
wheelchair places, depot and days out of service; drivers with their accounts; and the
shifts of a week, vehicle by vehicle, each with its manifest. Thin: forms parse, the services
in ``manifests`` decide and their refusals show on the form. Plain POST forms, post/redirect/
get; every page works without JavaScript and at 320 px (wide tables scroll in their region)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from opencus.core.access import capability_required
from opencus.core.actions import confirm_page
from opencus.core.errors import DomainError
from opencus.core.forms import form_add_domain_error
from opencus.transport import manifests
from opencus.transport.capabilities import TRANSPORT_DISPATCH
from opencus.transport.fleet_forms import (
    DriverForm,
    ShiftForm,
    UnavailabilityForm,
    VehicleForm,
    WeekForm,
)
from opencus.transport.models import Driver, Shift, Vehicle, VehicleUnavailability


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Vehicles ---------------------------------------------------------------------------------


@capability_required(TRANSPORT_DISPATCH)
def vehicle_list(request: HttpRequest) -> HttpResponse:
    today = manifests.today()
    vehicles = list(Vehicle.objects.select_related("depot", "provider").order_by("name"))
    away: dict[int, list[VehicleUnavailability]] = {}
    for period in VehicleUnavailability.objects.filter(ends_on__gte=today).order_by("starts_on"):
        away.setdefault(period.vehicle_id, []).append(period)
    return render(
        request,
        "transport/fleet_vehicles.html",
        {"rows": [(vehicle, away.get(vehicle.pk, [])) for vehicle in vehicles]},
    )


@capability_required(TRANSPORT_DISPATCH)
def vehicle_edit(request: HttpRequest, uuid: uuid.UUID | None = None) -> HttpResponse:
    vehicle = get_object_or_404(Vehicle, uuid=uuid) if uuid else None
    form = VehicleForm(_posted(request), instance=vehicle)
    if request.method == "POST" and form.is_valid():
        try:
            saved = manifests.vehicle_save(
                vehicle=vehicle, acting_user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Vehicle %(name)s is saved.") % {"name": saved.name})
            return redirect("transport:vehicles")
    periods = list(vehicle.unavailable.order_by("-starts_on")[:20]) if vehicle is not None else []
    return render(
        request,
        "transport/fleet_vehicle_form.html",
        {"form": form, "vehicle": vehicle, "periods": periods},
        status=400 if form.errors else 200,
    )


@capability_required(TRANSPORT_DISPATCH)
def unavailability_add(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    vehicle = get_object_or_404(Vehicle, uuid=uuid)
    form = UnavailabilityForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            manifests.unavailability_add(
                vehicle=vehicle, acting_user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is out of service from %(start)s to %(end)s.")
                % {
                    "name": vehicle.name,
                    "start": form.cleaned_data["starts_on"].strftime("%d.%m.%Y"),
                    "end": form.cleaned_data["ends_on"].strftime("%d.%m.%Y"),
                },
            )
            return redirect("transport:vehicle_edit", uuid=vehicle.uuid)
    return render(
        request,
        "transport/fleet_unavailability_form.html",
        {"form": form, "vehicle": vehicle},
        status=400 if form.errors else 200,
    )


# --- Drivers ----------------------------------------------------------------------------------


@capability_required(TRANSPORT_DISPATCH)
def driver_list(request: HttpRequest) -> HttpResponse:
    drivers = Driver.objects.select_related("user", "provider").order_by("name")
    return render(request, "transport/fleet_drivers.html", {"drivers": drivers})


@capability_required(TRANSPORT_DISPATCH)
def driver_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    driver = get_object_or_404(Driver, pk=pk) if pk else None
    form = DriverForm(_posted(request), instance=driver)
    if request.method == "POST" and form.is_valid():
        try:
            saved = manifests.driver_save(
                driver=driver, acting_user=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Driver %(name)s is saved.") % {"name": saved.name})
            return redirect("transport:drivers")
    return render(
        request,
        "transport/fleet_driver_form.html",
        {"form": form, "driver": driver},
        status=400 if form.errors else 200,
    )


# --- Shifts -----------------------------------------------------------------------------------


def _week_url(monday: dt.date) -> str:
    return f"{reverse('transport:shifts')}?od={monday.isoformat()}"


@capability_required(TRANSPORT_DISPATCH)
def shift_week(request: HttpRequest) -> HttpResponse:
    """GET …/flota/zmiany/?od=2026-03-09: the week's shifts, a row per vehicle and a column
    per day, each with its driver and a link to its manifest."""
    today = manifests.today()
    monday = WeekForm(request.GET).monday(today)
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    shifts = Shift.objects.select_related("vehicle", "driver").filter(
        day__gte=days[0], day__lte=days[-1]
    )
    by_cell = {(shift.vehicle_id, shift.day): shift for shift in shifts}
    away = VehicleUnavailability.objects.filter(starts_on__lte=days[-1], ends_on__gte=days[0])
    vehicles = list(Vehicle.objects.order_by("name"))
    rows = []
    for vehicle in vehicles:
        cells = []
        for day in days:
            out = next(
                (p for p in away if p.vehicle_id == vehicle.pk and p.starts_on <= day <= p.ends_on),
                None,
            )
            cells.append({"day": day, "shift": by_cell.get((vehicle.pk, day)), "away": out})
        rows.append({"vehicle": vehicle, "cells": cells})
    return render(
        request,
        "transport/fleet_shifts.html",
        {
            "days": days,
            "rows": rows,
            "today": today,
            "previous_url": _week_url(monday - dt.timedelta(days=7)),
            "next_url": _week_url(monday + dt.timedelta(days=7)),
            "this_week_url": _week_url(today - dt.timedelta(days=today.weekday())),
        },
    )


@capability_required(TRANSPORT_DISPATCH)
def shift_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    shift = get_object_or_404(Shift, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    if shift is not None:
        initial = {
            "vehicle": shift.vehicle_id,
            "driver": shift.driver_id,
            "day": shift.day,
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
        }
    else:
        initial = {"starts_at": dt.time(7, 0), "ends_at": dt.time(15, 0)}
        wanted = _uuid(request.GET.get("pojazd", ""))
        vehicle = Vehicle.objects.filter(uuid=wanted).first() if wanted else None
        if vehicle is not None:
            initial["vehicle"] = vehicle.pk
        with contextlib.suppress(ValueError):
            initial["day"] = dt.date.fromisoformat(request.GET.get("dzien", ""))
    form = ShiftForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = manifests.shift_save(shift=shift, acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The shift of %(vehicle)s on %(day)s is saved.")
                % {"vehicle": saved.vehicle.name, "day": saved.day.strftime("%d.%m.%Y")},
            )
            return redirect(_week_url(saved.day - dt.timedelta(days=saved.day.weekday())))
    return render(
        request,
        "transport/fleet_shift_form.html",
        {"form": form, "shift": shift, "back_url": reverse("transport:shifts")},
        status=400 if form.errors else 200,
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@capability_required(TRANSPORT_DISPATCH)
def shift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(Shift.objects.select_related("vehicle", "driver"), pk=pk)
    back = _week_url(shift.day - dt.timedelta(days=shift.day.weekday()))
    if request.method == "POST":
        try:
            manifests.shift_remove(shift=shift, acting_user=request.user)
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("The shift is removed."))
        return redirect(back)
    return confirm_page(
        request,
        "transport/fleet_shift_remove.html",
        title=_("Remove the shift of %(vehicle)s on %(day)s?")
        % {"vehicle": shift.vehicle.name, "day": shift.day.strftime("%d.%m.%Y")},
        button=_("Remove the shift"),
        back_url=back,
        shift=shift,
    )
