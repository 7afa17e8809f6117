"""The dispatcher's day page (``transport.dispatch``) and the client office's call list
(``transport.book``).

The day page lists each vehicle's ordered stops (time, pick-up or drop-off, passenger,
address, wheelchair and companion flags, pinned mark), the totals, and the rides that do not
fit with their reasons; every action is a plain POST form (optimise now or in the background,
pin, unpin, move, publish, reopen), post/redirect/get. The map (Leaflet, the routes as lines
with numbered stops) is an enhancement drawn by a static script from a JSON script tag: the
lists are the page's content, so it stays usable without JavaScript or tiles.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from opencus.core.access import capability_required, day_or_404
from opencus.core.actions import confirm_page
from opencus.routing.travel import haversine_km
from opencus.transport import adapter, clocks, dispatch, reminders, selectors, tasks
from opencus.transport.capabilities import TRANSPORT_BOOK, TRANSPORT_DISPATCH
from opencus.transport.dispatch_forms import DayForm, MoveForm, OptimiseForm
from opencus.transport.models import (
    Booking,
    BookingStatus,
    DayPlan,
    DayPlanStatus,
    PlanStop,
    Shift,
    StopKind,
    Vehicle,
)

#: "Optimise now" runs this many seconds (at most the daily task's time): short, so the page
#: answers at once; the background run takes the full time.
NOW_SECONDS = 3.0
#: Rides per page of the call list.
CALLS_PER_PAGE = 50


def _today() -> dt.date:
    return timezone.localdate(timezone.now(), clocks.WARSAW)


def _day_url(day: dt.date) -> str:
    return reverse("transport:dispatch_day", args=[day.isoformat()])


def _booking(request: HttpRequest, day: dt.date, booking_uuid: uuid.UUID) -> Booking:
    return get_object_or_404(
        Booking.objects.visible_to(request.user).select_related("person"),
        uuid=booking_uuid,
        day=day,
    )


# --- The day page -----------------------------------------------------------------------------


@dataclass
class StopRow:
    stop: PlanStop
    number: int
    is_pickup: bool
    place: str
    latitude: float
    longitude: float

    @property
    def booking(self) -> Booking:
        return self.stop.booking


@dataclass
class VehicleRoute:
    vehicle: Vehicle
    shift: Shift
    index: int
    stops: list[StopRow] = field(default_factory=list)
    km: float = 0.0

    @property
    def rides(self) -> int:
        return sum(1 for row in self.stops if row.is_pickup)


@dataclass
class LeftOut:
    booking: Booking
    reason: str


def _stop_row(stop: PlanStop, number: int) -> StopRow:
    booking = stop.booking
    pickup = stop.kind == StopKind.PICKUP
    return StopRow(
        stop=stop,
        number=number,
        is_pickup=pickup,
        place=booking.origin_label if pickup else booking.destination_label,
        latitude=float(booking.origin_latitude if pickup else booking.destination_latitude),
        longitude=float(booking.origin_longitude if pickup else booking.destination_longitude),
    )


def _routes(request: HttpRequest, plan: DayPlan | None, shifts: list[Shift]) -> list[VehicleRoute]:
    routes = {
        shift.vehicle_id: VehicleRoute(vehicle=shift.vehicle, shift=shift, index=k)
        for k, shift in enumerate(shifts)
    }
    if plan is not None:
        stops = (
            PlanStop.objects.filter(plan=plan, booking__in=Booking.objects.visible_to(request.user))
            .select_related("booking__person", "vehicle")
            .order_by("vehicle__name", "vehicle_id", "position")
        )
        for stop in stops:
            route = routes.get(stop.vehicle_id)
            if route is None:  # a vehicle whose shift was removed after planning
                continue
            route.stops.append(_stop_row(stop, len(route.stops) + 1))
    detour = float(settings.OPENCUS_TRAVEL_DETOUR)
    for route in routes.values():
        depot = route.vehicle.depot
        home = (float(depot.latitude or 0), float(depot.longitude or 0))
        points = [home, *((row.latitude, row.longitude) for row in route.stops), home]
        route.km = (
            sum(haversine_km(a, b) for a, b in zip(points, points[1:], strict=False)) * detour
            if route.stops
            else 0.0
        )
    return list(routes.values())


def _map_data(routes: list[VehicleRoute]) -> dict[str, Any]:
    return {
        "tiles": settings.OPENCUS_MAP_TILES_URL,
        "attribution": settings.OPENCUS_MAP_ATTRIBUTION,
        "routes": [
            {
                "vehicle": route.vehicle.name,
                "depot": [
                    float(route.vehicle.depot.latitude or 0),
                    float(route.vehicle.depot.longitude or 0),
                ],
                "stops": [
                    {
                        "n": row.number,
                        "at": [row.latitude, row.longitude],
                        "label": "{} {} {}".format(
                            timezone.localtime(row.stop.planned_at).strftime("%H:%M"),
                            _("pick-up") if row.is_pickup else _("drop-off"),
                            row.booking.person.full_name,
                        ),
                    }
                    for row in route.stops
                ],
            }
            for route in routes
        ],
    }


def _tile_origin() -> str:
    url = str(settings.OPENCUS_MAP_TILES_URL or "")
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


#: The index lists this many days ahead.
INDEX_DAYS = 7


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    rides: int
    plan: DayPlan | None


@capability_required(TRANSPORT_DISPATCH)
def dispatch_index(request: HttpRequest) -> HttpResponse:
    """The coming week's days (rides booked, the plan's status) and a day picker."""
    if any(key.startswith("day_") for key in request.GET):
        form = DayForm(request.GET)
        if form.is_valid():
            return redirect(_day_url(form.cleaned_data["day"]))
    else:
        form = DayForm()
    first = _today() + dt.timedelta(days=1)
    days = [first + dt.timedelta(days=n) for n in range(INDEX_DAYS)]
    rides = dict(
        Booking.objects.visible_to(request.user)
        .filter(day__in=days, status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD])
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    plans = {plan.day: plan for plan in DayPlan.objects.filter(day__in=days)}
    return render(
        request,
        "transport/dispatch_index.html",
        {
            "form": form,
            "days": [DayRow(day, rides.get(day, 0), plans.get(day)) for day in days],
        },
        status=400 if form.errors else 200,
    )


@capability_required(TRANSPORT_DISPATCH)
def dispatch_day(request: HttpRequest, day: str) -> HttpResponse:
    the_day = day_or_404(day)
    plan = DayPlan.objects.filter(day=the_day).select_related("published_by").first()
    shifts = adapter.shifts_of(the_day)
    routes = _routes(request, plan, shifts)
    if plan is not None:
        reasons = plan.unserved or {}
        missing = [booking.pk for booking in dispatch.rides_left_out(plan)]
    else:
        reasons = {}
        missing = [booking.pk for booking in adapter.planned_bookings(the_day)]
    left_out = [
        LeftOut(
            booking,
            dispatch.unserved_reason_text(reasons.get(str(booking.pk), "not planned yet")),
        )
        for booking in Booking.objects.visible_to(request.user)
        .filter(pk__in=missing)
        .select_related("person")
        .order_by("window_start", "id")
    ]
    selectors.needs_read(
        user=request.user,
        obj=plan,
        rides=[row.booking for route in routes for row in route.stops if row.is_pickup]
        + [row.booking for row in left_out],
        what=f"dispatch_day_{the_day.isoformat()}",
    )
    published_at_revision = dispatch.published_revision(plan) if plan else None
    vehicles = Vehicle.objects.filter(pk__in=[shift.vehicle_id for shift in shifts])
    response = render(
        request,
        "transport/dispatch_day.html",
        {
            "day": the_day,
            "previous_day": the_day - dt.timedelta(days=1),
            "next_day": the_day + dt.timedelta(days=1),
            "plan": plan,
            "published": plan is not None and plan.status == DayPlanStatus.PUBLISHED,
            "changed_since_published": (
                plan is not None
                and published_at_revision is not None
                and plan.revision > published_at_revision
            ),
            "routes": routes,
            "rides": sum(route.rides for route in routes),
            "left_out": left_out,
            "pending": tasks.day_run_pending(the_day),
            "day_form": DayForm(initial={"day": the_day}),
            "vehicles": vehicles,
            "map_data": _map_data(routes),
            "has_tiles": bool(settings.OPENCUS_MAP_TILES_URL),
            "now_seconds": _now_seconds(),
            "background_seconds": settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS,
        },
    )
    origin = _tile_origin()
    if origin:
        # The tile server as the settings name it now (also when changed at run time).
        response._csp_update = {"img-src": origin}  # type: ignore[attr-defined]
    return response


def _now_seconds() -> float:
    return min(NOW_SECONDS, float(settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS))


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def dispatch_optimise(request: HttpRequest, day: str) -> HttpResponse:
    the_day = day_or_404(day)
    form = OptimiseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to optimise."))
    elif form.cleaned_data["mode"] == OptimiseForm.QUEUE:
        if tasks.day_run_queue(the_day, float(settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS)):
            messages.success(
                request,
                _("The optimisation is queued: refresh the page in a minute to see the result."),
            )
        elif tasks.queue_available():
            messages.info(request, _("An optimisation of this day is already waiting or running."))
        else:
            messages.error(
                request, _("Background work is not available here: optimise now instead.")
            )
    else:

        def optimise() -> None:
            plan = dispatch.plan_optimise(the_day, seconds=_now_seconds(), acting_user=request.user)
            unserved = len(plan.unserved)
            if unserved:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s ride does not fit: see the list below.",
                        "%(count)s rides do not fit: see the list below.",
                        unserved,
                    )
                    % {"count": unserved},
                )

        _run(request, optimise, _("The plan has been optimised."))
    return redirect(_day_url(the_day))


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def dispatch_pin(request: HttpRequest, day: str, booking: uuid.UUID) -> HttpResponse:
    the_day = day_or_404(day)
    ride = _booking(request, the_day, booking)
    if request.POST.get("action") == "unpin":
        _run(
            request,
            lambda: dispatch.booking_unpin(ride, acting_user=request.user),
            _("Ride %(number)s is free again: optimising may move it.") % {"number": ride.number},
        )
    else:
        _run(
            request,
            lambda: dispatch.booking_pin(ride, acting_user=request.user),
            _("Ride %(number)s is fixed to its vehicle.") % {"number": ride.number},
        )
    return redirect(_day_url(the_day))


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def dispatch_move(request: HttpRequest, day: str, booking: uuid.UUID) -> HttpResponse:
    the_day = day_or_404(day)
    ride = _booking(request, the_day, booking)
    vehicles = Vehicle.objects.filter(shifts__day=the_day)
    form = MoveForm(request.POST, vehicles=vehicles)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("vehicle", [])))
        return redirect(_day_url(the_day))
    vehicle = form.cleaned_data["vehicle"]
    _run(
        request,
        lambda: dispatch.booking_move(ride, vehicle, acting_user=request.user),
        _("Ride %(number)s is now on %(vehicle)s, fixed there.")
        % {"number": ride.number, "vehicle": vehicle.name},
    )
    return redirect(_day_url(the_day))


@capability_required(TRANSPORT_DISPATCH)
def dispatch_publish(request: HttpRequest, day: str) -> HttpResponse:
    the_day = day_or_404(day)
    plan = DayPlan.objects.filter(day=the_day).first()
    if request.method == "POST":

        def publish() -> None:
            _plan, emails, calls = reminders.plan_publish_and_remind(
                the_day, acting_user=request.user
            )
            messages.info(
                request,
                _("Reminders: %(emails)s by e-mail, %(calls)s on the client office's call list.")
                % {"emails": emails, "calls": calls},
            )

        _run(request, publish, _("The plan has been published."))
        return redirect(_day_url(the_day))
    left_out = dispatch.rides_left_out(plan) if plan is not None else []
    unchanged = (
        plan is not None
        and plan.status == DayPlanStatus.PUBLISHED
        and dispatch.published_revision(plan) == plan.revision
    )
    return confirm_page(
        request,
        "transport/dispatch_publish.html",
        title=_("Publish the plan for %(day)s") % {"day": the_day.strftime("%d.%m.%Y")},
        button=_("Publish the plan"),
        back_url=_day_url(the_day),
        can_confirm=plan is not None and not left_out and not unchanged,
        unchanged=(
            _("The plan for %(day)s is already published and has not changed since.")
            % {"day": the_day.strftime("%d.%m.%Y")}
            if unchanged
            else ""
        ),
        plan=plan,
        left_out=left_out,
        day=the_day,
    )


@require_POST
@capability_required(TRANSPORT_DISPATCH)
def dispatch_reopen(request: HttpRequest, day: str) -> HttpResponse:
    the_day = day_or_404(day)
    _run(
        request,
        lambda: dispatch.plan_reopen(the_day, acting_user=request.user),
        _("The plan is a draft again: optimise it, then publish it again."),
    )
    return redirect(_day_url(the_day))


# --- The client office's call list ------------------------------------------------------------


@capability_required(TRANSPORT_BOOK)
def call_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(reminders.call_list(request.user, _today()), CALLS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "transport/dispatch_calls.html", {"page_obj": page, "query_prefix": ""})


@require_POST
@capability_required(TRANSPORT_BOOK)
def call_done(request: HttpRequest, booking: uuid.UUID) -> HttpResponse:
    ride = get_object_or_404(
        Booking.objects.visible_to(request.user).select_related("person"), uuid=booking
    )
    _run(
        request,
        lambda: reminders.reminder_mark_called(ride, acting_user=request.user),
        _("Marked as called: %(name)s, ride %(number)s.")
        % {"name": ride.person.full_name, "number": ride.number},
    )
    return redirect("transport:call_list")


urlpatterns = [
    path("dyspozycja/", dispatch_index, name="dispatch"),
    path("dyspozycja/<str:day>/", dispatch_day, name="dispatch_day"),
    path("dyspozycja/<str:day>/optymalizacja/", dispatch_optimise, name="dispatch_optimise"),
    path("dyspozycja/<str:day>/publikacja/", dispatch_publish, name="dispatch_publish"),
    path("dyspozycja/<str:day>/ponowne-otwarcie/", dispatch_reopen, name="dispatch_reopen"),
    path(
        "dyspozycja/<str:day>/przejazdy/<uuid:booking>/przypiecie/",
        dispatch_pin,
        name="dispatch_pin",
    ),
    path(
        "dyspozycja/<str:day>/przejazdy/<uuid:booking>/przeniesienie/",
        dispatch_move,
        name="dispatch_move",
    ),
    path("przypomnienia/", call_list, name="call_list"),
    path("przypomnienia/<uuid:booking>/", call_done, name="call_done"),
]
