"""Database rows to the routing library's instance and back.

A day becomes a :class:`routing.model.Instance`: each shift's vehicle is a vehicle (capacity
in two dimensions: seats and wheelchair places; its depot is its start and end node; its shift
is its window), each booking holding a place is a request (a pickup and a drop-off node). The
pickup's window is the window promised to the passenger; for an "arrive by" booking the
drop-off must be served by the appointment time. A passenger rides at most the direct time
plus the rules' detour. Times are minutes from the day's local midnight (wall clock).

Travel times come from ``routing.travel.matrices``: haversine × detour at the configured
speed, or an OSRM server when ``OSRM_URL`` is set (falling back, with a logged warning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from opencus.routing import checker
from opencus.routing.model import HORIZON, Instance, Node, Plan, Request, Vehicle, Window
from opencus.routing.travel import matrices
from opencus.transport import clocks
from opencus.transport.models import (
    Booking,
    BookingStatus,
    PlanStop,
    Shift,
    TransportRules,
    VehicleUnavailability,
)

#: The load of a booking: (seats, wheelchair places).
Load = tuple[int, int]

#: Rules used when a service has none (the model's defaults).
DEFAULT_RULES = TransportRules()


@dataclass(frozen=True)
class Trip:
    """What the planner needs of one ride, whether booked already or being asked about on the
    phone: where from and to, the promised pickup window and the appointment (minutes), the
    load, the boarding time and the longest ride."""

    origin: tuple[float, float]
    destination: tuple[float, float]
    pickup_earliest: float
    pickup_latest: float
    arrive_by: float | None
    load: Load
    boarding: float
    detour: float


@dataclass
class Day:
    """A day as the planner sees it: the instance, and which booking and shift each request
    and vehicle index stands for. The request for ``trips[i]`` is ``instance.requests[i]``;
    ``booking_ids[i]`` is its booking (``None`` for a trip not booked yet)."""

    day: dt.date
    instance: Instance
    booking_ids: list[int | None]
    shifts: list[Shift]
    source: str
    index_of_booking: dict[int, int] = field(default_factory=dict)

    def request_index(self, booking_id: int) -> int:
        return self.index_of_booking[booking_id]


def rules_of(booking: Booking) -> TransportRules:
    rules = getattr(booking.entitlement.service, "transport_rules", None)
    return rules if rules is not None else DEFAULT_RULES


def booking_trip(booking: Booking, rules: TransportRules | None = None) -> Trip:
    """The trip of a stored booking."""
    rules = rules or rules_of(booking)
    return Trip(
        origin=(float(booking.origin_latitude), float(booking.origin_longitude)),
        destination=(float(booking.destination_latitude), float(booking.destination_longitude)),
        pickup_earliest=clocks.minutes(booking.window_start, booking.day),
        pickup_latest=clocks.minutes(booking.window_end, booking.day),
        arrive_by=clocks.minutes(booking.arrive_by, booking.day) if booking.arrive_by else None,
        load=(booking.seats, 1 if booking.wheelchair else 0),
        boarding=float(
            rules.wheelchair_boarding_minutes if booking.wheelchair else rules.boarding_minutes
        ),
        detour=float(rules.max_ride_extra_minutes),
    )


def shifts_of(day: dt.date) -> list[Shift]:
    """The shifts of the day whose vehicles are in service and not out of service that day."""
    return list(
        Shift.objects.filter(day=day, vehicle__is_active=True)
        .exclude(vehicle__in=VehicleUnavailability.vehicles_out_on(day))
        .select_related("vehicle", "vehicle__depot", "driver")
        .order_by("vehicle__name", "vehicle_id")
    )


def planned_bookings(day: dt.date) -> list[Booking]:
    """The bookings that hold a place in the day's plan and are still to be driven or under
    way, in a stable order."""
    return list(
        Booking.objects.filter(day=day, status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD])
        .select_related("entitlement__service__transport_rules")
        .order_by("id")
    )


def build(
    day: dt.date,
    bookings: Sequence[Booking],
    shifts: Sequence[Shift],
    extra: Sequence[Trip] = (),
) -> Day:
    """The instance of ``day`` with ``bookings`` on ``shifts``, plus ``extra`` trips not booked
    yet (requests after the bookings', in order)."""
    trips = [booking_trip(booking) for booking in bookings] + list(extra)
    points: list[tuple[float, float]] = []
    nodes: list[Node] = []
    vehicles: list[Vehicle] = []
    for index, shift in enumerate(shifts):
        depot = shift.vehicle.depot
        points.append((float(depot.latitude or 0), float(depot.longitude or 0)))
        nodes.append(Node(index, float(depot.longitude or 0), float(depot.latitude or 0)))
    for trip in trips:
        points.append(trip.origin)
        points.append(trip.destination)
    source = matrices(
        points,
        osrm_url=settings.OSRM_URL or None,
        detour=settings.OPENCUS_TRAVEL_DETOUR,
        speed_kmh=settings.OPENCUS_TRAVEL_SPEED_KMH,
    )
    requests: list[Request] = []
    first = len(shifts)
    for index, trip in enumerate(trips):
        pickup, dropoff = first + 2 * index, first + 2 * index + 1
        direct = source.travel[pickup][dropoff]
        nodes.append(
            Node(
                pickup,
                trip.origin[1],
                trip.origin[0],
                trip.boarding,
                Window(trip.pickup_earliest, trip.pickup_latest),
            )
        )
        nodes.append(
            Node(
                dropoff,
                trip.destination[1],
                trip.destination[0],
                trip.boarding,
                Window(0.0, trip.arrive_by if trip.arrive_by is not None else HORIZON),
            )
        )
        requests.append(
            Request(
                index, pickup, dropoff, trip.load, max_ride=direct + trip.boarding + trip.detour
            )
        )
    for index, shift in enumerate(shifts):
        vehicle = shift.vehicle
        vehicles.append(
            Vehicle(
                index,
                (vehicle.seats, vehicle.wheelchair_places),
                index,
                index,
                Window(
                    clocks.minutes(clocks.at(day, shift.starts_at), day),
                    clocks.minutes(clocks.at(day, shift.ends_at), day),
                ),
            )
        )
    instance = Instance(
        f"transport-{day.isoformat()}",
        nodes,
        requests,
        vehicles,
        source.travel,
        source.distance,
    )
    booking_ids: list[int | None] = [booking.pk for booking in bookings] + [None] * len(extra)
    return Day(
        day=day,
        instance=instance,
        booking_ids=booking_ids,
        shifts=list(shifts),
        source=source.source,
        index_of_booking={pk: i for i, pk in enumerate(booking_ids) if pk is not None},
    )


def day_of(day: dt.date, extra: Sequence[Trip] = ()) -> Day:
    """The day as stored: its shifts and the bookings holding a place."""
    return build(day, planned_bookings(day), shifts_of(day), extra)


def routes_from_stops(planner_day: Day, stops: Sequence[tuple[int, int, str]]) -> Plan:
    """A routing plan from stored stops ``(vehicle_id, booking_id, kind)`` in route order;
    bookings of the day without stops are left unserved (the solver or insertion places
    them)."""
    vehicle_index = {shift.vehicle_id: k for k, shift in enumerate(planner_day.shifts)}
    routes: list[list[int]] = [[] for _ in planner_day.shifts]
    placed: set[int] = set()
    for vehicle_id, booking_id, kind in stops:
        k = vehicle_index.get(vehicle_id)
        r = planner_day.index_of_booking.get(booking_id)
        if k is None or r is None:
            continue
        request = planner_day.instance.requests[r]
        routes[k].append(request.pickup if kind == "pickup" else request.dropoff)
        placed.add(r)
    unserved = {
        r: "not planned yet" for r in range(len(planner_day.booking_ids)) if r not in placed
    }
    return Plan(routes=routes, unserved=unserved)


def stored_routes(planner_day: Day, *, without: int | None = None) -> Plan:
    """The day's stored stops as a routing plan (:func:`routes_from_stops`), optionally
    without the stops of booking ``without``."""
    stops = PlanStop.objects.filter(plan__day=planner_day.day)
    if without is not None:
        stops = stops.exclude(booking_id=without)
    rows = stops.order_by("vehicle_id", "position").values_list("vehicle_id", "booking_id", "kind")
    return routes_from_stops(planner_day, list(rows))


@dataclass(frozen=True)
class PlannedStop:
    """A stop of a plan, ready to store: the vehicle, the booking, pickup or drop-off, its
    position in the route and the planned start of service."""

    vehicle_id: int
    booking_id: int | None
    kind: str
    position: int
    at: dt.datetime


def planned_stops(planner_day: Day, plan: Plan) -> tuple[list[PlannedStop], float]:
    """The stops of ``plan`` with their times, and its cost (km), from the independent
    checker's schedule (which also proves the plan feasible: a plan it rejects raises
    ``ValueError``)."""
    result = checker.check(planner_day.instance, plan)
    if not result.feasible:
        raise ValueError("; ".join(result.violations))
    request_of = planner_day.instance.request_of()
    stops: list[PlannedStop] = []
    for k, schedule in enumerate(result.schedules):
        shift = planner_day.shifts[k]
        position = 0
        for stop in schedule:
            request = request_of.get(stop.node)
            if request is None:
                continue
            stops.append(
                PlannedStop(
                    vehicle_id=shift.vehicle_id,
                    booking_id=planner_day.booking_ids[request.id],
                    kind="pickup" if stop.node == request.pickup else "dropoff",
                    position=position,
                    at=clocks.moment(planner_day.day, stop.start),
                )
            )
            position += 1
    return stops, result.cost
