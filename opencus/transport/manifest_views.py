"""The driver's manifest pages (issue 11): the driver's phone page with today's stops of their
own vehicle and a POST button for each mark; any vehicle's manifest and its PDF for the
dispatcher; and the dispatcher's "my work" section with the decisions the marks leave
(the return after a no-show, a ride the ledger refused).

Who sees what: a dispatcher (``transport.dispatch``) every vehicle on any day; a driver
(``transport.drive``) only the vehicle of their own shift today, any other vehicle or day is a
404; other roles are refused (403). Plain POST forms and post/redirect/get: the page works
without JavaScript and at 320 px (GOV.UK buttons take the full width on a phone).

The wheelchair, assistant and guide-dog flags reveal something of a passenger's health, so a
reading of a manifest that shows one is recorded in the audit log (``manifest_read``)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opencus.core.access import capability_required, day_or_404
from opencus.core.errors import DomainError
from opencus.core.registry import WorkSection, my_work_section
from opencus.core.roles import has_capability
from opencus.transport import manifests
from opencus.transport.capabilities import (
    TRANSPORT_DISPATCH,
    TRANSPORT_DRIVE,
    TRANSPORT_MANIFEST,
)
from opencus.transport.documents import manifest_pdf, manifest_pdf_filename, stop_line
from opencus.transport.models import (
    Booking,
    BookingStatus,
    PlanStop,
    ReturnQuestion,
    StopKind,
    Vehicle,
)

# --- Access -----------------------------------------------------------------------------------


reader_required = capability_required(TRANSPORT_MANIFEST)
"""Dispatchers and drivers read manifests (which ones: ``manifests.may_read``); a visitor is
sent to log in, anyone else is refused (403)."""


def _manifest(request: HttpRequest, vehicle_uuid: uuid.UUID, day: str) -> manifests.Manifest:
    """The manifest the user may read; a 404 for any other vehicle or day."""
    vehicle = get_object_or_404(Vehicle.objects.select_related("depot"), uuid=vehicle_uuid)
    when = day_or_404(day)
    if not manifests.may_read(request.user, vehicle, when):
        raise Http404
    return manifests.manifest_of(vehicle, when)


def manifest_url(vehicle: Vehicle, day: dt.date) -> str:
    return reverse("transport:manifest", args=[vehicle.uuid, day.isoformat()])


# --- The page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopRow:
    """A stop on the phone page, with the marks that may be tapped now."""

    line: Any
    stop: PlanStop
    marks: list[tuple[str, Any, bool]]  # (mark, label, warning)

    @property
    def anchor(self) -> str:
        return f"stop-{self.stop.position}"


def _marks(stop: PlanStop, can_mark: bool) -> list[tuple[str, Any, bool]]:
    if not can_mark:
        return []
    status = stop.booking.status
    if stop.kind == StopKind.PICKUP and status == BookingStatus.BOOKED:
        return [
            (manifests.PICKED_UP, manifests.MARKS[manifests.PICKED_UP], False),
            (manifests.NO_SHOW, manifests.MARKS[manifests.NO_SHOW], True),
        ]
    if stop.kind == StopKind.DROPOFF and status in (BookingStatus.BOOKED, BookingStatus.ON_BOARD):
        return [(manifests.DROPPED_OFF, manifests.MARKS[manifests.DROPPED_OFF], False)]
    return []


def _can_mark(user: Any, day: dt.date) -> bool:
    today = manifests.today()
    if has_capability(user, TRANSPORT_DISPATCH):
        return day <= today
    return day == today


def _render(request: HttpRequest, manifest: manifests.Manifest) -> HttpResponse:
    manifests.manifest_read(manifest=manifest, acting_user=request.user, what="page")
    can_mark = _can_mark(request.user, manifest.day)
    rows = [StopRow(stop_line(stop), stop, _marks(stop, can_mark)) for stop in manifest.stops]
    return render(
        request,
        "transport/manifest_page.html",
        {
            "manifest": manifest,
            "rows": rows,
            "driver": manifest.shift.driver if manifest.shift else None,
            "can_mark": can_mark,
            "is_dispatcher": has_capability(request.user, TRANSPORT_DISPATCH),
            "pdf_url": reverse(
                "transport:manifest_pdf",
                args=[manifest.vehicle.uuid, manifest.day.isoformat()],
            ),
            "remaining": sum(1 for stop in manifest.stops if stop.done_at is None),
        },
    )


@capability_required(TRANSPORT_DRIVE)
def drive(request: HttpRequest) -> HttpResponse:
    """GET …/kierowca/: the driver's manifest for today, of the vehicle of their own shift
    (a list when they drive more than one today)."""
    today = manifests.today()
    shifts = manifests.driver_shifts(request.user, today)
    if len(shifts) == 1:
        return _render(request, manifests.manifest_of(shifts[0].vehicle, today))
    return render(
        request,
        "transport/manifest_drive.html",
        {
            "today": today,
            "shifts": [(shift, manifest_url(shift.vehicle, today)) for shift in shifts],
        },
    )


@reader_required
def manifest(request: HttpRequest, uuid: uuid.UUID, day: str) -> HttpResponse:
    """GET …/manifest/<vehicle>/<day>/: one vehicle's manifest."""
    return _render(request, _manifest(request, uuid, day))


@reader_required
def manifest_pdf_download(request: HttpRequest, uuid: uuid.UUID, day: str) -> HttpResponse:
    """GET …/manifest/<vehicle>/<day>/manifest.pdf: the manifest as a tagged PDF, in Polish
    unless ``?language=`` asks for another language of the interface."""
    found = _manifest(request, uuid, day)
    language = request.GET.get("language", "pl")
    pdf = manifest_pdf(found, language)
    manifests.manifest_read(manifest=found, acting_user=request.user, what="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, manifest_pdf_filename(found)) or ""
    )
    response["Cache-Control"] = "private, no-store"  # passengers' names and needs: not kept
    return response


@require_POST
@reader_required
def stop_mark(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """POST …/przystanek/<stop>/<mark>/: mark the stop, then back to the manifest at it."""
    stop = get_object_or_404(PlanStop.objects.select_related("plan", "vehicle", "booking"), pk=pk)
    if what not in manifests.MARKS or not manifests.may_read(
        request.user, stop.vehicle, stop.plan.day
    ):
        raise Http404
    try:
        result = manifests.stop_mark(stop=stop, what=what, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        name = stop.booking.person.full_name
        if result.repeated:
            messages.info(
                request,
                _("%(name)s: already marked “%(mark)s”. Nothing was recorded again.")
                % {"name": name, "mark": manifests.MARKS[what]},
            )
        else:
            messages.success(
                request,
                _("%(name)s: %(mark)s.") % {"name": name, "mark": manifests.MARKS[what]},
            )
        if result.offence_limit is not None and not result.repeated and what == manifests.NO_SHOW:
            messages.info(
                request,
                _(
                    "Late cancellations and no-shows of %(name)s this month: %(count)s; after"
                    " %(limit)s, their bookings need an official's approval."
                )
                % {"name": name, "count": result.offences, "limit": result.offence_limit},
            )
        if result.ledger_refusal and not result.repeated:
            messages.warning(
                request,
                _(
                    "The ride is completed, but the ledger refused its entry: %(reason)s The"
                    " dispatcher will resolve it."
                )
                % {"reason": result.ledger_refusal},
            )
    return redirect(f"{manifest_url(stop.vehicle, stop.plan.day)}#stop-{stop.position}")


# --- The dispatcher's decisions ---------------------------------------------------------------


def _dispatcher_booking(request: HttpRequest, booking_uuid: uuid.UUID) -> Booking:
    return get_object_or_404(Booking.objects.visible_to(request.user), uuid=booking_uuid)


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def return_decide(request: HttpRequest, uuid: uuid.UUID, decision: str) -> HttpResponse:
    """POST …/przejazdy/<outbound>/powrot/<anuluj|zostaw>/: after a no-show, cancel the
    return ride or keep it."""
    outbound = _dispatcher_booking(request, uuid)
    try:
        if decision == "anuluj":
            ride = manifests.return_cancel(outbound=outbound, acting_user=request.user)
            messages.success(
                request,
                _("Return ride %(number)s is cancelled (not counted against the passenger).")
                % {"number": ride.number},
            )
        elif decision == "zostaw":
            ride = manifests.return_keep(outbound=outbound, acting_user=request.user)
            messages.success(
                request, _("Return ride %(number)s stays booked.") % {"number": ride.number}
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.text)
    return redirect(reverse("core:my_work") + "#transport-manifest")


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def ledger_retry(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    """POST …/przejazdy/<ride>/rejestr/: record a completed ride the ledger refused."""
    booking = _dispatcher_booking(request, uuid)
    try:
        manifests.ride_ledger_retry(booking=booking, acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request, _("Ride %(number)s is in the ledger.") % {"number": booking.number}
        )
    return redirect(reverse("core:my_work") + "#transport-manifest")


# --- "My work" --------------------------------------------------------------------------------

ROWS = 20
TITLE = gettext_lazy("Senior taxi: after the rides")


def work_build(user: Any) -> WorkSection | None:
    """For dispatchers: the returns to decide after a no-show on the outbound ride, and the
    completed rides the ledger refused. ``None`` for other roles."""
    if not has_capability(user, TRANSPORT_DISPATCH):
        return None
    visible = Booking.objects.visible_to(user)
    returns = (
        visible.filter(
            return_question=ReturnQuestion.ASKED,
            return_ride__status__in=manifests.OPEN,
        )
        .select_related("person", "return_ride")
        .order_by("day", "window_start")
    )
    refused = (
        visible.filter(status=BookingStatus.COMPLETED, delivery_record__isnull=True)
        .exclude(ledger_refusal="")
        .select_related("person")
        .order_by("day", "window_start")
    )
    return_rows = list(returns[:ROWS])
    refused_rows = list(refused[:ROWS])
    total = returns.count() + refused.count()
    return WorkSection(
        key="transport-manifest",
        title=TITLE,
        template="transport/manifest_work.html",
        total=total,
        rows=[*return_rows, *refused_rows],
        extra={"returns": return_rows, "refused": refused_rows},
    )


def register() -> None:
    my_work_section("transport_manifest", work_build, order=60, app="transport")
