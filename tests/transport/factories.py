"""Senior-taxi data for every transport test: places in Starachowice, a service with its
rules (delivered by the centre itself, one unit per ride), vehicles with shifts, a person's
entitlement, and bookings stored directly (the booking services have their own tests).

Days are passed explicitly; none depends on the day the suite runs."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from opencus.catalog.models import DeliveredBy, ProgrammeService, Unit
from opencus.intake.models import (
    Application,
    ApplicationItem,
    Channel,
    Entitlement,
    EntitlementChange,
    EntitlementStatus,
    EntitlementTransition,
    ItemState,
)
from opencus.people.models import Person
from opencus.transport import clocks
from opencus.transport.models import (
    Booking,
    BookingStatus,
    DestinationKind,
    Driver,
    Place,
    Shift,
    TimeMode,
    TransportQuota,
    TransportRules,
    Vehicle,
)
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory

_serial = itertools.count(1)

#: Coordinates in Starachowice (latitude, longitude).
DEPOT = (Decimal("51.0380"), Decimal("21.0730"))
DAY_HOME = (Decimal("51.0520"), Decimal("21.0800"))
HOSPITAL = (Decimal("51.0450"), Decimal("21.0590"))
HOMES = [
    (Decimal("51.0300"), Decimal("21.0900")),
    (Decimal("51.0600"), Decimal("21.0650")),
    (Decimal("51.0410"), Decimal("21.1010")),
    (Decimal("51.0490"), Decimal("21.0450")),
]


def place_make(
    name: str = "Dzienny Dom Senior+",
    at: tuple[Decimal, Decimal] = DAY_HOME,
    kind: str = DestinationKind.DAY_HOME,
    **fields: Any,
) -> Place:
    return Place.objects.create(
        name=name,
        kind=kind,
        latitude=at[0],
        longitude=at[1],
        street=fields.pop("street", "Radomska"),
        building_number=fields.pop("building_number", "1"),
        locality=fields.pop("locality", "Starachowice"),
        **fields,
    )


def service_make(
    *, quotas: list[tuple[int, str, str]] | None = None, **rules: Any
) -> ProgrammeService:
    """The senior taxi as a service the centre delivers itself (a ride per unit), with its
    rules (the model's defaults unless given: 3 working days by 14:00, Monday to Friday 7–17)
    and ``quotas`` as (units, period, counts)."""
    service = ProgrammeServiceFactory.create(
        name="Taksówka dla seniora",
        delivered_by=DeliveredBy.CENTRE,
        centre_unit=Unit.RIDE,
    )
    rules.setdefault("service_weekdays", [0, 1, 2, 3, 4])
    rules.setdefault("destination_kinds", [kind.value for kind in DestinationKind])
    rules.setdefault("bookers", ["person", "family", "clinic"])
    transport_rules = TransportRules.objects.create(service=service, **rules)
    for units, period, counts in quotas or []:
        TransportQuota.objects.create(
            rules=transport_rules, units=units, period=period, counts=counts
        )
    return service


def entitlement_make(
    service: ProgrammeService,
    person: Person | None = None,
    *,
    starts_on: dt.date | None = None,
    allowances: list[dict[str, Any]] | None = None,
) -> Entitlement:
    """An active entitlement to ``service`` (qualified, as the queue would have granted it)."""
    person = person or PersonFactory.create()
    now = timezone.now()
    application = Application.objects.create(
        reference=f"TT/{next(_serial)}/2026", person=person, channel=Channel.PHONE, filed_at=now
    )
    item = ApplicationItem.objects.create(
        application=application,
        person=person,
        service=service,
        filed_at=now,
        queue_key=now,
        state=ItemState.QUALIFIED,
        state_changed_at=now,
    )
    entitlement = Entitlement.objects.create(
        item=item,
        person=person,
        service=service,
        allowances=allowances or [],
        starts_on=starts_on or dt.date(2020, 1, 1),
        status=EntitlementStatus.ACTIVE,
        status_changed_at=now,
    )
    EntitlementTransition.objects.create(
        entitlement=entitlement,
        change=EntitlementChange.GRANTED,
        to_status=EntitlementStatus.ACTIVE,
        at=now,
    )
    return entitlement


def vehicle_make(
    name: str = "Bus 1", *, seats: int = 8, wheelchair_places: int = 1, depot: Place | None = None
) -> Vehicle:
    depot = depot or place_make("Baza CUS", DEPOT, DestinationKind.OTHER, is_frequent=False)
    return Vehicle.objects.create(
        name=name,
        registration=f"TST {next(_serial):05d}",
        seats=seats,
        wheelchair_places=wheelchair_places,
        depot=depot,
    )


def driver_make(name: str = "Jan Kierowca", user: Any = None) -> Driver:
    return Driver.objects.create(name=name, phone="600 100 200", user=user)


def shift_make(
    vehicle: Vehicle,
    day: dt.date,
    starts: dt.time = dt.time(7, 0),
    ends: dt.time = dt.time(17, 0),
    driver: Driver | None = None,
) -> Shift:
    return Shift.objects.create(
        vehicle=vehicle, day=day, starts_at=starts, ends_at=ends, driver=driver
    )


def booking_make(
    entitlement: Entitlement,
    day: dt.date,
    pickup: dt.time,
    *,
    origin: tuple[Decimal, Decimal] = HOMES[0],
    destination: tuple[Decimal, Decimal] = DAY_HOME,
    width: int = 30,
    wheelchair: bool = False,
    companions: int = 0,
    status: str = BookingStatus.BOOKED,
    created_by: Any,
    **fields: Any,
) -> Booking:
    """A booking stored directly, with the pickup window [pickup, pickup + width]."""
    start = clocks.at(day, pickup)
    return Booking.objects.create(
        number=f"TEST/{next(_serial):06d}",
        person=entitlement.person,
        entitlement=entitlement,
        day=day,
        origin_label="ul. Testowa 1",
        origin_latitude=origin[0],
        origin_longitude=origin[1],
        destination_label="Dzienny Dom Senior+",
        destination_latitude=destination[0],
        destination_longitude=destination[1],
        destination_kind=fields.pop("destination_kind", DestinationKind.DAY_HOME),
        time_mode=fields.pop("time_mode", TimeMode.PICKUP),
        requested_time=pickup,
        window_start=start,
        window_end=start + dt.timedelta(minutes=width),
        wheelchair=wheelchair,
        companions=companions,
        status=status,
        created_by=created_by,
        **fields,
    )


# --- dispatch: a small day to plan ------------------------------------------------------------


def dispatch_day_make(
    day: dt.date, *, clerk: Any, rides: int = 4, second_seats: int = 8
) -> tuple[list[Vehicle], list[Booking]]:
    """Two vehicles with shifts 7–17 on ``day`` ("Bus 1" with a wheelchair place, "Bus 2" with
    ``second_seats`` seats and none) and ``rides`` bookings from the homes to the day home,
    a quarter of an hour apart from 8:00, not planned yet."""
    service = service_make()
    depot = place_make("Baza CUS", DEPOT, DestinationKind.OTHER, is_frequent=False)
    buses = [
        vehicle_make("Bus 1", depot=depot, wheelchair_places=1),
        vehicle_make("Bus 2", depot=depot, seats=second_seats, wheelchair_places=0),
    ]
    for bus in buses:
        shift_make(bus, day)
    bookings = [
        booking_make(
            entitlement_make(service),
            day,
            dt.time(8 + (15 * n) // 60, (15 * n) % 60),
            origin=HOMES[n % len(HOMES)],
            created_by=clerk,
        )
        for n in range(rides)
    ]
    return buses, bookings
