"""Factories for the catalogue (and the few people rows its eligibility rules read)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from opencus.catalog.models import (
    Area,
    FeeKind,
    Location,
    OpeningHours,
    Period,
    Programme,
    ProgrammeService,
    ProgrammeStatus,
    QualificationMode,
    ServiceLimit,
    ServiceStatus,
    TargetGroup,
    Unit,
    Weekday,
)
from opencus.people.models import (
    DisabilityCertificate,
    DisabilityLevel,
    Household,
    HouseholdMember,
    HouseholdRelation,
    Person,
    Sex,
)

MUNICIPALITY_TERC = "2611011"


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Program usług społecznych {n}")
    description = "Program na lata 2026–2027."
    resolution_number = factory.Sequence(lambda n: f"XL/{n}/2026")
    resolution_date = dt.date(2026, 1, 28)
    journal_reference = "Dz. Urz. Woj. Świętokrzyskiego 2026 poz. 512"
    valid_from = dt.date(2026, 2, 1)
    valid_to = dt.date(2099, 12, 31)
    status = ProgrammeStatus.ADOPTED
    funding = "Europejski Fundusz Społeczny Plus"
    eu_project_reference = "FESW.09.03-IZ.00-0001/26"


class LocationFactory(DjangoModelFactory[Location]):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Klub Senior+ nr {n}")
    street = "ul. Radomska"
    building_number = "22"
    postcode = "27-200"
    locality = "Starachowice"
    terc = MUNICIPALITY_TERC
    latitude = Decimal("51.047500")
    longitude = Decimal("21.070300")
    accessibility = "Wejście bez schodów, winda, toaleta dla osób z niepełnosprawnościami."
    phone = "41 275 00 00"
    email = "klub@example.org"


class ProgrammeServiceFactory(DjangoModelFactory[ProgrammeService]):
    class Meta:
        model = ProgrammeService
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Usługa {n:03d}")
    slug = factory.Sequence(lambda n: f"usluga-{n}")
    summary = "Krótki opis usługi."
    description = "Pełny opis usługi.\n\nDrugi akapit."
    target_group_description = "Mieszkańcy gminy."
    eligibility_rules: Any = factory.LazyFunction(dict)
    fee_kind = FeeKind.FREE
    qualification_mode = QualificationMode.PROGRAMME
    status = ServiceStatus.ACTIVE
    is_public = True

    @factory.post_generation
    def areas(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.areas.set(extracted or [area("health")])

    @factory.post_generation
    def target_groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.target_groups.set(extracted)

    @factory.post_generation
    def locations(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.locations.set(extracted)


class ServiceLimitFactory(DjangoModelFactory[ServiceLimit]):
    class Meta:
        model = ServiceLimit

    service = factory.SubFactory(ProgrammeServiceFactory)
    units = 2
    unit = Unit.RIDE
    period = Period.MONTH


class OpeningHoursFactory(DjangoModelFactory[OpeningHours]):
    class Meta:
        model = OpeningHours

    service = factory.SubFactory(ProgrammeServiceFactory)
    location = None
    weekday = Weekday.MONDAY
    opens_at = dt.time(8, 0)
    closes_at = dt.time(16, 0)


def target_group(slug: str) -> TargetGroup:
    return TargetGroup.objects.get(slug=slug)


def area(slug: str) -> Area:
    return Area.objects.get(slug=slug)


# --- People ----------------------------------------------------------------------------------


class PersonFactory(DjangoModelFactory[Person]):
    """A person identified by a document (no PESEL needed for the rules)."""

    class Meta:
        model = Person

    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Kowalski{n}")
    id_document_type = "passport"
    id_document_number = factory.Sequence(lambda n: f"AB{n:07d}")
    id_document_country = "PL"
    birth_date = dt.date(1959, 5, 14)
    sex = Sex.MALE
    street = "ul. Mickiewicza"
    building_number = "3"
    postcode = "27-200"
    locality = "Starachowice"
    terc = MUNICIPALITY_TERC


class DisabilityCertificateFactory(DjangoModelFactory[DisabilityCertificate]):
    class Meta:
        model = DisabilityCertificate

    person = factory.SubFactory(PersonFactory)
    level = DisabilityLevel.MODERATE
    issued_on = dt.date(2024, 3, 1)
    valid_until = None


class HouseholdFactory(DjangoModelFactory[Household]):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Gospodarstwo {n}")


class HouseholdMemberFactory(DjangoModelFactory[HouseholdMember]):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relation = HouseholdRelation.HEAD
    joined_on = dt.date(2020, 1, 1)
