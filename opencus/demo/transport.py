"""The demo centre's senior taxi („Taksówka dla Seniora”): its booking rules, frequent places,
two buses with their drivers and shifts, a week of rides and tomorrow's published plan.

- **Rules** as the service card of the demo catalogue states them (``data.SERVICES``): booking
  by phone at least two working days ahead (by 14:00), at most two months ahead; cancelling by
  12:00 on the working day before; Monday to Friday 7:00–19:00, not on public holidays; 4
  one-way rides a month ("a ride one way is one ride"); seniors 60+; a companion (16+), an
  assistant or a guide dog may ride along; no bed-bound passengers. The seed articles about
  Starachowice name the bus and the day home, not the rules: the numbers are the card's.
- **Places**: Dzienny Dom Senior+ (the Galeria „Skałka”), the county hospital, a health
  centre, the town hall and the parish cemetery, with illustrative coordinates in Starachowice;
  the buses' garage.
- **Fleet**: a bus with a wheelchair lift (8 seats, 2 wheelchair places) and a car (4 seats),
  each with its driver (users ``driver`` and ``kierowca2`` in the ``driver`` role, with the demo
  password) and a shift on each working day of the demo week.
- **A week of rides**: from the next working day (the plan's "tomorrow") for five working
  days. Four seniors ride to the day home every weekday at 8:00 and home at 15:00 (recurring
  series, one in a wheelchair), and other seniors have one-off rides to the doctor, the hospital
  or the town hall, most with their return. Every ride is inserted into its day's plan as it is
  booked, as a phone booking would be.
- **Tomorrow's plan** is optimised by the solver (3 seconds) and published by the dispatcher.

Dates are relative to the day the demo is built. Built once: when any vehicle exists, nothing
is added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from opencus.catalog.eligibility import eligibility_check
from opencus.catalog.models import Location, Programme, ProgrammeService
from opencus.core.roles import Role
from opencus.intake import services as intake
from opencus.intake.models import Application, Channel, Entitlement, ItemState
from opencus.people.models import Person
from opencus.transport import clocks, dispatch, services
from opencus.transport.errors import NoCapacityError
from opencus.transport.models import (
    Booker,
    Booking,
    BookingStatus,
    DayPlan,
    DestinationKind,
    Driver,
    Place,
    Shift,
    TimeMode,
    TransportQuota,
    TransportRules,
    Vehicle,
)
from opencus.transport.series import series_create, series_generate
from opencus.transport.services import Endpoint, booking_store

SERVICE_SLUG = "taksowka-dla-seniora"
#: Seconds the solver spends on tomorrow's plan.
SOLVER_SECONDS = 3.0
#: How many working days of rides, from "tomorrow".
DAYS = 5
#: People with recurring day-home rides, and people with one-off rides.
SERIES_PEOPLE = 4
ONE_OFF_PEOPLE = 8

ILLUSTRATIVE = "Współrzędne przykładowe (centrum demonstracyjne)."

#: (name, kind, street, building, latitude, longitude)
PLACES = (
    ("Dzienny Dom Senior+", DestinationKind.DAY_HOME, "Armii Krajowej", "25", 51.0368, 21.0762),
    (
        "Szpital Powiatowy w Starachowicach",
        DestinationKind.HEALTH,
        "Radomska",
        "70",
        51.0590,
        21.0680,
    ),
    ("Przychodnia Zdrowia „Zgodna”", DestinationKind.HEALTH, "Zgodna", "2", 51.0455, 21.0807),
    ("Urząd Miejski w Starachowicach", DestinationKind.OFFICE, "Radomska", "45", 51.0487, 21.0713),
    ("Cmentarz parafialny", DestinationKind.CEMETERY, "Kościelna", "1", 51.0425, 21.0835),
)
DEPOT = ("Garaż CUS", DestinationKind.OTHER, "Armii Krajowej", "25", 51.0371, 21.0758)

#: (name, registration, seats, wheelchair places, shift start, shift end)
VEHICLES = (
    ("Bus z windą", "TST 41K27", 8, 2, dt.time(7, 0), dt.time(17, 0)),
    ("Samochód osobowy", "TST 52M14", 4, 0, dt.time(7, 30), dt.time(15, 30)),
)
#: The drivers: (username, name, phone); the first is the role's demo login.
DRIVERS = (
    ("driver", "Stanisław Kowalczyk", "533 848 401"),
    ("kierowca2", "Piotr Dąbrowski", "533 848 402"),
)

#: One-off rides: (place index, pickup, return pickup or None).
ONE_OFFS = (
    (1, dt.time(9, 0), dt.time(12, 0)),
    (2, dt.time(9, 30), dt.time(11, 0)),
    (3, dt.time(10, 0), dt.time(11, 30)),
    (2, dt.time(11, 0), None),
    (4, dt.time(12, 30), dt.time(13, 30)),
    (1, dt.time(13, 0), dt.time(14, 30)),
)


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _place(spec: tuple[Any, ...], *, frequent: bool = True, location: Any = None) -> Place:
    name, kind, street, building, latitude, longitude = spec
    return Place.objects.create(
        name=name,
        kind=kind,
        street=street,
        building_number=building,
        postcode="27-200",
        locality="Starachowice",
        latitude=_decimal(latitude),
        longitude=_decimal(longitude),
        is_frequent=frequent,
        location=location,
    )


def _rules(service: ProgrammeService) -> TransportRules:
    rules = TransportRules.objects.create(
        service=service,
        book_min_working_days=2,
        book_cutoff=dt.time(14, 0),
        book_max_months=2,
        cancel_working_days=1,
        cancel_cutoff=dt.time(12, 0),
        service_weekdays=[0, 1, 2, 3, 4],
        serves_holidays=False,
        service_starts=dt.time(7, 0),
        service_ends=dt.time(19, 0),
        pickup_window_minutes=30,
        min_age=60,
        excludes_bed_bound=True,
        companion_min_age=16,
        max_companions=1,
        destination_kinds=[
            DestinationKind.HEALTH,
            DestinationKind.OFFICE,
            DestinationKind.DAY_HOME,
            DestinationKind.SOCIAL,
            DestinationKind.SHOPPING,
            DestinationKind.CEMETERY,
            DestinationKind.HOME,
        ],
        bookers=[Booker.PERSON, Booker.FAMILY, Booker.CLINIC],
        offence_limit=3,
    )
    TransportQuota.objects.create(rules=rules, units=4, period="month", counts="legs")
    return rules


def _passengers(
    service: ProgrammeService, users: dict[Any, Any], today: dt.date, count: int
) -> list[Entitlement]:
    """Entitlements to the taxi in force, of people whose address has coordinates; seniors
    who have not applied for anything yet apply and qualify when there are too few."""
    in_force = list(
        Entitlement.objects.in_force(today)
        .filter(service=service, person__latitude__isnull=False, person__longitude__isnull=False)
        .select_related("person")
        .order_by("id")
    )
    if len(in_force) >= count:
        return in_force[:count]
    applied = Application.objects.values("person_id")
    candidates = (
        Person.objects.filter(
            archived_at__isnull=True,
            pesel__isnull=False,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .exclude(pk__in=applied)
        .order_by("id")
    )
    clerk, organiser = users[Role.CLIENT_OFFICE], users[Role.SERVICE_ORGANISER]
    # Every seventh: a spread of streets rather than the first households.
    for person in list(candidates[:2000])[3::7]:
        if len(in_force) >= count:
            break
        if person.age_on(today) < 65 or not eligibility_check(person, service, on=today).eligible:
            continue
        application = intake.application_file(
            person=person, services=[service], channel=Channel.PHONE, acting_user=clerk
        )
        item = intake.item_qualify(item=application.items.get(), acting_user=organiser)
        if item.state == ItemState.QUALIFIED:
            in_force.append(Entitlement.objects.select_related("person").get(item=item))
    return in_force


def _one_off(
    entitlement: Entitlement,
    rules: TransportRules,
    day: dt.date,
    place: Place,
    pickup: dt.time,
    back: dt.time | None,
    *,
    clerk: Any,
    created: Counter[str],
) -> None:
    """A ride booked by phone (there and, if given, back), inserted into the day's plan; a
    ride that does not fit is not kept (a clerk would have offered another time)."""
    person = entitlement.person
    home = Endpoint.of_person(person)
    legs = [(home, Endpoint.of_place(place), place.kind, pickup)]
    if back is not None:
        legs.append((Endpoint.of_place(place), home, DestinationKind.HOME, back))
    note = "Rezerwacja telefoniczna (dane demonstracyjne)."
    outbound = None
    try:
        with transaction.atomic():
            for origin, destination, kind, time in legs:
                start = clocks.at(day, time)
                assert origin.latitude is not None and origin.longitude is not None  # noqa: S101
                assert destination.latitude is not None  # noqa: S101 - places have coordinates
                assert destination.longitude is not None  # noqa: S101
                booking = booking_store(
                    Booking(
                        person=person,
                        entitlement=entitlement,
                        day=day,
                        origin_place=origin.place,
                        origin_label=origin.label,
                        origin_latitude=origin.latitude,
                        origin_longitude=origin.longitude,
                        destination_place=destination.place,
                        destination_label=destination.label,
                        destination_latitude=destination.latitude,
                        destination_longitude=destination.longitude,
                        destination_kind=kind,
                        time_mode=TimeMode.PICKUP,
                        requested_time=time,
                        window_start=start,
                        window_end=start + dt.timedelta(minutes=rules.pickup_window_minutes),
                        booked_by=Booker.PERSON,
                        outbound=outbound,
                        status=BookingStatus.BOOKED,
                        created_by=clerk,
                    )
                )
                services.booking_created(booking, acting_user=clerk, note=note)
                services.plan_insert(booking, acting_user=clerk, note=note)
                created["transport.Booking"] += 1
                outbound = booking
    except NoCapacityError:
        return


def _publish(day: dt.date, dispatcher: Any) -> DayPlan:
    """Optimise the day (warm-started from the inserted plan) and publish it, through the
    dispatch pages' own services."""
    dispatch.plan_optimise(
        day,
        seconds=SOLVER_SECONDS,
        seed=1,
        acting_user=dispatcher,
        note="Optymalizacja planu na jutro (dane demonstracyjne).",
    )
    return dispatch.plan_publish(day, acting_user=dispatcher)


def seed_transport(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Vehicle.objects.exists():
        return
    service = (
        ProgrammeService.objects.filter(
            slug=SERVICE_SLUG, programme__in=Programme.objects.current(today)
        )
        .order_by("-programme__valid_from", "id")
        .first()
    )
    if service is None:
        return
    clerk, dispatcher = users[Role.CLIENT_OFFICE], users[Role.DISPATCHER]
    rules = TransportRules.objects.filter(service=service).first() or _rules(service)
    day_home_location = Location.objects.filter(name_pl="Dzienny Dom Senior+").first()
    places = [
        _place(spec, location=day_home_location if index == 0 else None)
        for index, spec in enumerate(PLACES)
    ]
    depot = _place(DEPOT, frequent=False)
    created["transport.Place"] += len(places) + 1

    drivers = []
    for username, name, phone in DRIVERS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.groups.add(Group.objects.get(name=Role.DRIVER.value))
        drivers.append(Driver.objects.create(name=name, phone=phone, user=user))
    vehicles = []
    for name, registration, seats, wheelchair, _start, _end in VEHICLES:
        vehicles.append(
            Vehicle.objects.create(
                name=name,
                registration=registration,
                seats=seats,
                wheelchair_places=wheelchair,
                depot=depot,
            )
        )
    created["transport.Vehicle"] += len(vehicles)
    created["transport.Driver"] += len(drivers)

    first = clocks.next_working_day(today)
    days = [first]
    while len(days) < DAYS:
        days.append(clocks.next_working_day(days[-1]))
    for day in days:
        for vehicle, driver, spec in zip(vehicles, drivers, VEHICLES, strict=True):
            Shift.objects.create(
                vehicle=vehicle, driver=driver, day=day, starts_at=spec[4], ends_at=spec[5]
            )
            created["transport.Shift"] += 1

    people = _passengers(service, users, today, SERIES_PEOPLE + ONE_OFF_PEOPLE)
    regulars, others = people[:SERIES_PEOPLE], people[SERIES_PEOPLE:]
    for index, entitlement in enumerate(regulars):
        person = entitlement.person
        series = series_create(
            person=person,
            entitlement=entitlement,
            weekdays=[0, 1, 2, 3, 4],
            outbound_time=dt.time(8, 0) if index % 2 == 0 else dt.time(7, 45),
            return_time=dt.time(15, 0),
            origin=Endpoint.of_person(person),
            destination=Endpoint.of_place(places[0]),
            destination_kind=DestinationKind.DAY_HOME,
            starts_on=first,
            weeks_ahead=1,
            wheelchair=index == 1,
            acting_user=clerk,
        )
        created["transport.RideSeries"] += 1
        report = series_generate(series, until=days[-1], acting_user=clerk)
        created["transport.Booking"] += len(report.created)
    for day_index, day in enumerate(days):
        for ride_index, (place_index, pickup, back) in enumerate(ONE_OFFS):
            if not others:
                break
            entitlement = others[(day_index * len(ONE_OFFS) + ride_index) % len(others)]
            _one_off(
                entitlement,
                rules,
                day,
                places[place_index],
                pickup,
                back,
                clerk=clerk,
                created=created,
            )
    _publish(first, dispatcher)
    created["transport.DayPlan"] = DayPlan.objects.count()
