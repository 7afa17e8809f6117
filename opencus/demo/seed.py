"""Writes the demo centre to the database. Idempotent: every row is found by its natural key
(username, location and programme name, programme + service slug, PESEL or identity
document, household name) and only what is missing is created, so a second run changes
nothing. People and what hangs off them are written with ``bulk_create`` in batches.

This is a fixture loader, not a domain service: it writes no audit events (nobody acted) and
calls ``fill_search_fields`` itself on every person, as the people services do.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction

from opencus.catalog.models import (
    Location,
    OpeningHours,
    Programme,
    ProgrammeService,
    ServiceLimit,
    TargetGroup,
)
from opencus.catalog.translation import (
    LOCATION_TEXT_FIELDS,
    PROGRAMME_TEXT_FIELDS,
    SERVICE_TEXT_FIELDS,
)
from opencus.core.roles import Role
from opencus.demo import data, translations
from opencus.demo.community import seed_community
from opencus.demo.courses import seed_courses
from opencus.demo.deliveries import seed_deliveries
from opencus.demo.intake import seed_intake, seed_online_applications
from opencus.demo.plans import seed_plans
from opencus.demo.population import CERTIFICATE_ISSUER, Population, build_population
from opencus.demo.providers import seed_providers
from opencus.demo.senior import seed_senior
from opencus.demo.translations import translated_values
from opencus.demo.transport import seed_transport
from opencus.demo.visits import seed_visits
from opencus.demo.volunteering import seed_volunteering
from opencus.people.models import (
    Consent,
    DisabilityCertificate,
    HealthNote,
    Household,
    HouseholdMember,
    Person,
    Representative,
)
from opencus.people.search import fill_search_fields

BATCH_SIZE = 500
# Keeps ``IN (…)`` lists well under SQLite's limit on query parameters.
CHUNK = 900

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass
class SeedResult:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    logins: list[tuple[str, str]] = field(default_factory=list)
    communities: list[tuple[str, str, int]] = field(default_factory=list)


@transaction.atomic
def seed_demo(*, people: int, reset_passwords: bool = False, today: dt.date) -> SeedResult:
    result = SeedResult()
    users = seed_users(result, reset_passwords=reset_passwords)
    locations = seed_locations(result)
    seed_programmes(result, locations, today=today)
    population = build_population(people)
    seed_people(
        result, population, clerk=users[Role.CLIENT_OFFICE], worker=users[Role.SOCIAL_WORKER]
    )
    result.communities = community_sizes(population)
    # Providers before the requests: a qualified request gets its provider at once.
    seed_providers(users=users, today=today, created=result.created)
    seed_intake(users=users, today=today, created=result.created)
    seed_online_applications(created=result.created)
    # Plans before the ledger: approving a plan adjusts the entitlements the ledger fills.
    seed_plans(users=users, today=today, created=result.created)
    seed_deliveries(users=users, today=today, created=result.created)
    seed_transport(users=users, today=today, created=result.created)
    seed_visits(users=users, today=today, created=result.created)
    seed_senior(users=users, today=today, created=result.created)
    seed_volunteering(users=users, today=today, created=result.created)
    seed_courses(users=users, today=today, created=result.created)
    seed_community(users=users, today=today, sizes=result.communities, created=result.created)
    return result


# --- helpers --------------------------------------------------------------------------------


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rows(
    queryset: models.QuerySet[Any], field_name: str, values: Iterable[Any], *fields: str
) -> list[tuple[Any, ...]]:
    """``values_list(*fields)`` of the rows whose ``field_name`` is in ``values``, chunked."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(sorted(set(values))):
        rows.extend(queryset.filter(**{f"{field_name}__in": chunk}).values_list(*fields))
    return rows


def _upsert(
    model: type[ModelT], result: SeedResult, lookup: dict[str, Any], values: dict[str, Any]
) -> ModelT:
    """Create the row, or update only the fields that differ (nothing if none do)."""
    label = model._meta.label
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        result.created[label] += 1
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            changed.append("updated_at")
        instance.save(update_fields=changed)
        result.updated[label] += 1
    return instance


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


# --- staff ----------------------------------------------------------------------------------


def seed_users(result: SeedResult, *, reset_passwords: bool) -> dict[Role, User]:
    """One user per role (username = the role, in the role's group) and the admin."""
    staff = {spec.username: spec for spec in data.STAFF}
    # Hashing is slow on purpose (about half a second); the accounts share one password, so
    # hash it once, and only if an account needs it.
    password_hash = _LazyHash()
    users: dict[Role, User] = {}
    for role in Role:
        spec = staff[role.value]
        user = _user(result, spec, password_hash, reset_passwords=reset_passwords)
        user.groups.add(Group.objects.get(name=role.value))
        users[role] = user
        result.logins.append((user.username, data.DEMO_PASSWORD))
    for spec, role_name in data.EXTRA_STAFF:
        extra = _user(result, spec, password_hash, reset_passwords=reset_passwords)
        extra.groups.add(Group.objects.get(name=role_name))
        result.logins.append((extra.username, data.DEMO_PASSWORD))
    _user(result, data.ADMIN, password_hash, reset_passwords=reset_passwords, superuser=True)
    result.logins.append((data.ADMIN.username, data.DEMO_PASSWORD))
    return users


class _LazyHash:
    def __init__(self) -> None:
        self._encoded = ""

    def __str__(self) -> str:
        if not self._encoded:
            self._encoded = make_password(data.DEMO_PASSWORD)
        return self._encoded


def _user(
    result: SeedResult,
    spec: data.StaffSpec,
    password_hash: _LazyHash,
    *,
    reset_passwords: bool,
    superuser: bool = False,
) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is not None and not reset_passwords:
        return user
    if user is None:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@{data.STAFF_EMAIL_DOMAIN}",
            is_staff=superuser,
            is_superuser=superuser,
        )
        result.created[User._meta.label] += 1
    else:
        result.updated[User._meta.label] += 1
    # The project's validators must accept the demo password (a stricter deployment fails
    # here, loudly, instead of creating accounts nobody can log in to).
    validate_password(data.DEMO_PASSWORD, user)
    user.password = str(password_hash)
    user.save()
    return user


# --- places and the catalogue ---------------------------------------------------------------


def _town_address(street: str, building: str, latitude: float, longitude: float) -> dict[str, Any]:
    return {
        "street": street,
        "building_number": building,
        "flat_number": "",
        "postcode": data.POSTCODE,
        "locality": data.LOCALITY,
        "terc": data.TERC,
        "simc": data.SIMC,
        "latitude": _coordinate(latitude),
        "longitude": _coordinate(longitude),
    }


def seed_locations(result: SeedResult) -> dict[str, Location]:
    locations: dict[str, Location] = {}
    for spec in data.LOCATIONS:
        location = _upsert(
            Location,
            result,
            {"name_pl": spec.name},
            {
                **_town_address(spec.street, spec.building, spec.latitude, spec.longitude),
                "description_pl": spec.description,
                "accessibility_pl": spec.accessibility,
                **translated_values(translations.LOCATIONS.get(spec.key, {}), LOCATION_TEXT_FIELDS),
                "phone": spec.phone,
                "email": spec.email,
            },
        )
        _sync_hours(
            result,
            OpeningHours.objects.filter(location=location, service__isnull=True),
            spec.hours,
            location=location,
            service=None,
        )
        locations[spec.key] = location
    return locations


def _sync_hours(
    result: SeedResult,
    existing: models.QuerySet[OpeningHours],
    wanted: Sequence[data.Hours],
    *,
    location: Location | None,
    service: ProgrammeService | None,
) -> None:
    place = location.pk if location else None
    rows = sorted(
        (day, spec.opens, spec.closes, spec.note, place) for spec in wanted for day in spec.weekdays
    )
    have = sorted(existing.values_list("weekday", "opens_at", "closes_at", "note", "location_id"))
    if have == rows:
        return
    # Changed hours replace the old rows (catalogue settings, not case data).
    existing.delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            location=location, service=service, weekday=day, opens_at=opens, closes_at=closes,
            note=note,
        )
        for day, opens, closes, note, _ in rows
    )  # fmt: skip
    if have:
        result.updated[OpeningHours._meta.label] += 1
    else:
        result.created[OpeningHours._meta.label] += len(rows)


def _sync_limits(
    result: SeedResult, service: ProgrammeService, wanted: Sequence[data.Limit]
) -> None:
    rows = sorted((limit.units, limit.unit, limit.period) for limit in wanted)
    have = sorted(service.limits.values_list("units", "unit", "period"))
    if have == rows:
        return
    service.limits.all().delete()
    ServiceLimit.objects.bulk_create(
        ServiceLimit(service=service, units=units, unit=unit, period=period)
        for units, unit, period in rows
    )
    if have:
        result.updated[ServiceLimit._meta.label] += 1
    else:
        result.created[ServiceLimit._meta.label] += len(rows)


def seed_programmes(
    result: SeedResult, locations: dict[str, Location], *, today: dt.date
) -> list[Programme]:
    programmes = []
    for spec in data.programmes(today):
        programme = _upsert(
            Programme,
            result,
            {"name_pl": spec.name},
            {
                "description_pl": spec.description,
                **translated_values(
                    translations.PROGRAMMES.get(spec.name, {}), PROGRAMME_TEXT_FIELDS
                ),
                "resolution_number": spec.resolution_number,
                "resolution_date": spec.resolution_date,
                "journal_reference": spec.journal_reference,
                "valid_from": spec.valid_from,
                "valid_to": spec.valid_to,
                "status": spec.status,
                "funding": spec.funding,
                "eu_project_reference": spec.eu_project_reference,
            },
        )
        for slug in spec.services:
            _seed_service(result, programme, data.SERVICES[slug], locations)
        programmes.append(programme)
    return programmes


def _seed_service(
    result: SeedResult,
    programme: Programme,
    spec: data.ServiceSpec,
    locations: dict[str, Location],
) -> ProgrammeService:
    service = _upsert(
        ProgrammeService,
        result,
        {"programme": programme, "slug": spec.slug},
        {
            "name_pl": spec.name,
            "summary_pl": spec.summary,
            "description_pl": spec.description,
            "target_group_description_pl": spec.target_group_description,
            "fee_description_pl": spec.fee_description,
            "how_to_apply_pl": spec.how_to_apply,
            "documents_pl": spec.documents,
            **translated_values(translations.SERVICES.get(spec.slug, {}), SERVICE_TEXT_FIELDS),
            "eligibility_rules": spec.rules,
            "capacity": spec.capacity,
            "capacity_period": spec.capacity_period,
            "fee_kind": spec.fee_kind,
            "fee_amount": None,
            "fee_unit": "",
            "quality_standard": spec.quality_standard,
            "qualification_mode": spec.qualification_mode,
            "delivered_by": spec.delivered_by,
            "centre_unit": spec.centre_unit,
            "legal_basis": spec.legal_basis,
            "contact_phone": spec.contact_phone,
            "contact_email": spec.contact_email,
            "status": "active",
            "is_public": True,
        },
    )
    # ``set`` compares with what is there and writes only the difference.
    service.areas.set(spec.areas)
    service.target_groups.set(TargetGroup.objects.filter(slug__in=spec.target_groups))
    service.locations.set([locations[key] for key in spec.locations])
    _sync_limits(result, service, spec.limits)
    first_place = locations[spec.locations[0]] if spec.locations else None
    _sync_hours(
        result,
        OpeningHours.objects.filter(service=service),
        spec.hours,
        location=first_place,
        service=service,
    )
    return service


# --- residents ------------------------------------------------------------------------------


def _person_ids(population: Population) -> dict[str, int]:
    """Natural key → id of the demo people already in the database."""
    pesels = [plan.pesel for plan, _ in population.people() if plan.pesel]
    documents = [plan.id_document_number for plan, _ in population.people() if not plan.pesel]
    ids = {
        f"pesel:{pesel}": pk
        for pk, pesel in _rows(Person.objects.all(), "pesel", pesels, "pk", "pesel")
    }
    no_pesel = Person.objects.filter(pesel__isnull=True)
    for pk, country, number in _rows(
        no_pesel, "id_document_number", documents, "pk", "id_document_country", "id_document_number"
    ):
        ids.setdefault(f"doc:{country}:{number}", pk)
    return ids


def _household_ids(names: list[str]) -> dict[str, int]:
    return {name: pk for pk, name in _rows(Household.objects.all(), "name", names, "pk", "name")}


def seed_people(result: SeedResult, population: Population, *, clerk: User, worker: User) -> None:
    ids = _person_ids(population)
    new_people = []
    for plan, household in population.people():
        if plan.key in ids:
            continue
        address = household.address
        person = Person(
            first_name=plan.first_name,
            second_name=plan.second_name,
            last_name=plan.last_name,
            pesel=plan.pesel,
            id_document_type=plan.id_document_type,
            id_document_number=plan.id_document_number,
            id_document_country=plan.id_document_country,
            birth_date=plan.birth_date,
            sex=plan.sex,
            citizenship=plan.citizenship,
            phone=plan.phone,
            email=plan.email,
            preferred_language=plan.preferred_language,
            labour_status=plan.labour_status,
            protection_status=plan.protection_status,
            **_town_address(address.street, address.building, address.latitude, address.longitude),
        )
        person.flat_number = address.flat
        fill_search_fields(person)
        new_people.append(person)
    Person.objects.bulk_create(new_people, batch_size=BATCH_SIZE)
    result.created[Person._meta.label] += len(new_people)
    if new_people:
        ids = _person_ids(population)

    # Households and their members.
    names = [household.name for household in population.households]
    households = _household_ids(names)
    missing = [Household(name=name) for name in names if name not in households]
    Household.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    result.created[Household._meta.label] += len(missing)
    if missing:
        households = _household_ids(names)
    person_pks = list(ids.values())
    housed = {
        pk
        for (pk,) in _rows(
            HouseholdMember.objects.filter(left_on__isnull=True),
            "person_id",
            person_pks,
            "person_id",
        )
    }
    members = [
        HouseholdMember(
            household_id=households[household.name],
            person_id=ids[member.person.key],
            relation=member.relation,
            joined_on=member.joined_on,
        )
        for household in population.households
        for member in household.members
        if ids[member.person.key] not in housed
    ]
    HouseholdMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    result.created[HouseholdMember._meta.label] += len(members)

    # Representatives: parents of children, carers and guardians of seniors.
    def representative_keys() -> dict[tuple[int, int, str], int]:
        rows = _rows(
            Representative.objects.all(), "person_id", person_pks,
            "person_id", "representative_id", "kind", "pk",
        )  # fmt: skip
        keys: dict[tuple[int, int, str], int] = {}
        for person_id, representative_id, kind, pk in rows:
            keys.setdefault((person_id, representative_id, kind), pk)
        return keys

    representatives = representative_keys()
    new_representatives = []
    for link in population.representatives:
        key = (ids[link.person_key], ids[link.representative_key], link.kind)
        if key in representatives:
            continue
        representatives[key] = 0  # planned; the same pair twice is one row
        new_representatives.append(
            Representative(
                person_id=key[0],
                representative_id=key[1],
                kind=link.kind,
                basis=link.basis,
                valid_from=link.valid_from,
                valid_to=link.valid_to,
            )
        )
    Representative.objects.bulk_create(new_representatives, batch_size=BATCH_SIZE)
    result.created[Representative._meta.label] += len(new_representatives)
    if new_representatives:
        representatives = representative_keys()

    # Consents: one row per person and purpose (some withdrawn since).
    consented = set(_rows(Consent.objects.all(), "person_id", person_pks, "person_id", "purpose"))
    consents = []
    for consent in population.consents:
        person_id = ids[consent.person_key]
        if (person_id, consent.purpose) in consented:
            continue
        by = None
        if consent.by_representative is not None:
            person_key, representative_key, kind = consent.by_representative
            by = representatives[(ids[person_key], ids[representative_key], kind)]
        consented.add((person_id, consent.purpose))
        consents.append(
            Consent(
                person_id=person_id,
                purpose=consent.purpose,
                given_at=consent.given_at,
                withdrawn_at=consent.withdrawn_at,
                given_by_representative_id=by,
                recorded_by=clerk,
            )
        )
    Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    result.created[Consent._meta.label] += len(consents)

    # Special-category data.
    certified = set(
        _rows(
            DisabilityCertificate.objects.all(), "person_id", person_pks,
            "person_id", "issued_on", "level",
        )
    )  # fmt: skip
    certificates = []
    for certificate in population.certificates:
        certificate_key = (ids[certificate.person_key], certificate.issued_on, certificate.level)
        if certificate_key in certified:
            continue
        certified.add(certificate_key)
        certificates.append(
            DisabilityCertificate(
                person_id=certificate_key[0],
                level=certificate.level,
                symbol=certificate.symbol,
                issued_on=certificate.issued_on,
                valid_until=certificate.valid_until,
                issuer=CERTIFICATE_ISSUER,
                recorded_by=worker,
            )
        )
    DisabilityCertificate.objects.bulk_create(certificates, batch_size=BATCH_SIZE)
    result.created[DisabilityCertificate._meta.label] += len(certificates)

    noted = set(_rows(HealthNote.objects.all(), "person_id", person_pks, "person_id", "text"))
    notes = []
    for note in population.health_notes:
        note_key = (ids[note.person_key], note.text)
        if note_key in noted:
            continue
        noted.add(note_key)
        notes.append(HealthNote(person_id=note_key[0], text=note.text, recorded_by=worker))
    HealthNote.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    result.created[HealthNote._meta.label] += len(notes)


def community_sizes(population: Population) -> list[tuple[str, str, int]]:
    """How many demo residents belong to each OSL community (its population in the demo)."""
    sizes = []
    for community in data.COMMUNITIES:
        minimum_age = (community.criterion or {}).get("min", 0)
        count = sum(
            1
            for plan, household in population.people()
            if household.address.street in community.streets and plan.age() >= minimum_age
        )
        sizes.append((community.name, community.kind, count))
    return sizes
