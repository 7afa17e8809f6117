"""Vouchers at a partner venue and the Senior+ day home and club, for the tests of the senior
part of activities. Dates are fixed: the tests travel to ``NOW`` (a Tuesday)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User

from opencus.activities import daycare_services
from opencus.activities.models import Facility, FacilityKind, Membership
from opencus.catalog.models import DeliveredBy, Unit
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.providers.models import ContractLine
from tests.catalog.factories import LocationFactory, ProgrammeServiceFactory
from tests.delivery.factories import entitlement_make as venue_entitlement_make
from tests.delivery.factories import line_make
from tests.people.factories import PersonFactory
from tests.personas import provider_staff_make, user_make
from tests.transport.factories import entitlement_make as centre_entitlement_make

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=WARSAW)  # a Tuesday
TODAY = NOW.date()


@dataclass
class Venue:
    """A cinema (a provider with a contract line counted in tickets), its staff and a clerk."""

    line: ContractLine
    staff: User
    clerk: User

    @property
    def service(self) -> Any:
        return self.line.service

    def entitlement(
        self, person: Person | None = None, *, tickets: int | None = 2, period: str = "month"
    ) -> Entitlement:
        allowances = [{"units": tickets, "unit": "ticket", "period": period}] if tickets else []
        return venue_entitlement_make(
            line=self.line, person=person or PersonFactory.create(), allowances=allowances
        )


def venue_make(name: str = "Kino Kultura") -> Venue:
    line = line_make(unit=Unit.TICKET, unit_price="12.00")
    line.contract.provider.name = name
    line.contract.provider.save(update_fields=["name"])
    line.service.name = "Karnet do kina"
    line.service.save(update_fields=["name"])
    return Venue(line=line, staff=provider_staff_make(line), clerk=user_make(Role.CLIENT_OFFICE))


def day_service_make(name: str = "Dzienny Dom Senior+", unit: str = Unit.DAY) -> Any:
    return ProgrammeServiceFactory.create(
        name=name, delivered_by=DeliveredBy.CENTRE, centre_unit=unit
    )


def facility_make(
    kind: str = FacilityKind.DAY_HOME,
    *,
    capacity: int = 15,
    provider: Any = None,
    service: Any = None,
    meals: int | None = None,
) -> Facility:
    day_home = kind == FacilityKind.DAY_HOME
    return Facility.objects.create(
        kind=kind,
        name="Dzienny Dom Senior+" if day_home else "Klub Senior+ „Niezapominajka”",
        location=LocationFactory.create(),
        service=service or day_service_make(unit=Unit.DAY if day_home else Unit.SESSION),
        provider=provider,
        capacity=capacity,
        meals_per_day=(3 if day_home else 0) if meals is None else meals,
    )


def member_make(
    facility: Facility,
    person: Person | None = None,
    *,
    starts_on: dt.date = dt.date(2026, 1, 5),
    organiser: User | None = None,
) -> Membership:
    person = person or PersonFactory.create()
    centre_entitlement_make(facility.service, person, starts_on=dt.date(2026, 1, 1))
    return daycare_services.member_admit(
        facility=facility,
        person=person,
        starts_on=starts_on,
        basis_reference="DDS.8140.1.2026",
        acting_user=organiser or user_make(Role.SERVICE_ORGANISER),
    )
