"""The demo centre's providers (wykonawcy / realizatorzy usług) and their contracts for this year.

Seven providers of the kinds a CUS works with — the social cooperative „Integracja” named in
the seeds, a taxi firm, a physiotherapy practice, a foundation for home nursing and the day
home, and three municipal units (the sports centre, the culture centre, the museum) — each
with one contract for the current programme's year and a line per service it delivers. Every
contracted service has exactly one provider, except the senior taxi, which two share: its
entitlements wait for the organiser to choose, so "my work" shows that list.

Built through the providers services, as the director would, so the rules (check digits,
lines within the contract's value and period) and the audit trail apply. Built once: when any
provider exists, nothing is added. Runs before the demo's requests, so that a qualified
request gets its provider at once. Names of public units are those of Starachowice; every
number (NIP, REGON, KRS), address, phone and person is illustrative ("przykładowy").
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from opencus.catalog.models import Period, Programme, ProgrammeService
from opencus.core.roles import Role
from opencus.demo import data
from opencus.providers.models import (
    Contract,
    ContractLine,
    ContractStatus,
    LinePeriod,
    ProcurementMode,
    Provider,
    ProviderKind,
    ProviderStaff,
)
from opencus.providers.services import (
    contract_create,
    contract_line_add,
    provider_register,
    provider_staff_attach,
)

# --- Synthetic identifiers ------------------------------------------------------------------

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
#: The first three digits of a NIP named the tax office that issued it; 664 is the one in
#: Starachowice. The first two of a REGON named the (old) voivodeship.
NIP_OFFICE = "664"
REGON_AREA = "29"


def nip_make(serial: int) -> str:
    """A NIP with a valid check digit (domain.md §6); a head whose checksum is 10 is never
    issued, so the next serial is tried."""
    n = serial
    while True:
        head = f"{NIP_OFFICE}{(n * 7919) % 1_000_000:06d}"
        check = sum(w * int(d) for w, d in zip(NIP_WEIGHTS, head, strict=True)) % 11
        if check != 10:
            return head + str(check)
        n += 1


def regon_make(serial: int) -> str:
    """A 9-digit REGON with a valid check digit (a checksum of 10 gives 0)."""
    head = f"{REGON_AREA}{(serial * 104729) % 1_000_000:06d}"
    check = sum(w * int(d) for w, d in zip(REGON9_WEIGHTS, head, strict=True)) % 11
    return head + str(check % 10)


def krs_make(serial: int) -> str:
    return f"{400_000 + serial * 7331:010d}"


# --- The providers and what they deliver ----------------------------------------------------


@dataclass(frozen=True)
class LineSpec:
    slug: str
    unit_price: Decimal
    #: Part of the service's places this provider's line is sized for (two providers share
    #: the senior taxi).
    share: Decimal = Decimal("1")
    #: What the maximum is counted per, when not the limit's own period.
    period: str = ""


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    name: str
    short_name: str
    legal_form: str
    kind: str
    street: str
    building: str
    phone: str
    email: str
    contact_person: str
    notes: str
    procurement_mode: str
    contract_title: str
    lines: tuple[LineSpec, ...]
    has_krs: bool = False
    website: str = ""
    signed_days_before: int = 7


ILLUSTRATIVE = (
    "Dane przykładowe (centrum demonstracyjne): NIP, REGON, KRS, adres, telefon, e-mail i osoba "
    "do kontaktu są fikcyjne."
)
PUBLIC_UNIT = (
    "Jednostka organizacyjna Gminy Starachowice; usługi świadczy w ramach zadań własnych gminy "
    "(powierzenie, bez postępowania o udzielenie zamówienia). "
)

PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        key="integracja",
        name="Spółdzielnia Socjalna „Integracja”",
        short_name="Integracja",
        legal_form="spółdzielnia socjalna osób prawnych",
        kind=ProviderKind.SOCIAL_COOPERATIVE,
        has_krs=True,
        street="Kolejowa",
        building="14",
        phone="41 274 61 20",
        email="biuro@integracja-starachowice.example.org",
        website="https://integracja-starachowice.example.org",
        contact_person="Renata Wojciechowska",
        notes=(
            "Spółdzielnia socjalna utworzona przez Powiat Starachowicki w partnerstwie z gminami "
            "Starachowice, Mirzec i Pawłów; prowadzi też Centrum Pomocy Uchodźcom. Dla CUS: "
            "przewozy busem „Taksówki dla Seniora”, mobilny konserwator (Złota Rączka) i zajęcia "
            "Klubu Senior+. " + ILLUSTRATIVE
        ),
        procurement_mode=ProcurementMode.PUBLIC_BENEFIT,
        contract_title=(
            "Realizacja usług „Taksówka dla Seniora”, „Złota Rączka” i zajęć Klubu Senior+ "
            "„Niezapominajka” (otwarty konkurs ofert)"
        ),
        lines=(
            LineSpec("taksowka-dla-seniora", Decimal("25.00"), share=Decimal("0.6")),
            LineSpec("zlota-raczka", Decimal("60.00")),
            LineSpec("klub-senior-plus-niezapominajka", Decimal("12.50")),
        ),
        signed_days_before=9,
    ),
    ProviderSpec(
        key="taxi",
        name="Taxi Starachowice s.c. Marek Wójcik, Piotr Nowicki",
        short_name="Taxi Starachowice",
        legal_form="spółka cywilna",
        kind=ProviderKind.COMPANY,
        street="Radomska",
        building="48",
        phone="41 274 19 19",
        email="zamowienia@taxi-starachowice.example.org",
        contact_person="Marek Wójcik",
        notes=(
            "Przewozy osobowe taksówkami, w tym samochodem przystosowanym do przewozu wózka; "
            "uzupełnia przewozy busem CUS w godzinach szczytu. " + ILLUSTRATIVE
        ),
        procurement_mode=ProcurementMode.PUBLIC_PROCUREMENT,
        contract_title="Przewozy seniorów taksówką w ramach usługi „Taksówka dla Seniora”",
        lines=(LineSpec("taksowka-dla-seniora", Decimal("27.00"), share=Decimal("0.4")),),
        signed_days_before=5,
    ),
    ProviderSpec(
        key="fizjo",
        name="Centrum Fizjoterapii „Ruch” sp. z o.o.",
        short_name="Fizjoterapia „Ruch”",
        legal_form="spółka z ograniczoną odpowiedzialnością",
        kind=ProviderKind.COMPANY,
        has_krs=True,
        street="Staszica",
        building="6",
        phone="41 275 30 44",
        email="rejestracja@fizjoterapia-ruch.example.org",
        contact_person="mgr Tomasz Kubiak",
        notes=(
            "Fizjoterapeuci z prawem wykonywania zawodu; wizyty w domu pacjenta z przenośnym "
            "sprzętem. " + ILLUSTRATIVE
        ),
        procurement_mode=ProcurementMode.PUBLIC_PROCUREMENT,
        contract_title="Usługa „Mobilny fizjoterapeuta” — rehabilitacja w domu seniora",
        lines=(LineSpec("mobilny-fizjoterapeuta", Decimal("90.00")),),
        signed_days_before=12,
    ),
    ProviderSpec(
        key="fundacja",
        name="Fundacja Opieki Domowej „Bliżej”",
        short_name="Fundacja „Bliżej”",
        legal_form="fundacja",
        kind=ProviderKind.NGO,
        has_krs=True,
        street="Mickiewicza",
        building="11",
        phone="41 274 52 08",
        email="fundacja@blizej-starachowice.example.org",
        contact_person="Elżbieta Górecka",
        notes=(
            "Organizacja pożytku publicznego: pielęgniarskie wizyty domowe i prowadzenie "
            "Dziennego Domu Senior+ w lokalu CUS. " + ILLUSTRATIVE
        ),
        procurement_mode=ProcurementMode.PUBLIC_BENEFIT,
        contract_title=(
            "Pielęgniarskie wizyty domowe i prowadzenie Dziennego Domu Senior+ "
            "(otwarty konkurs ofert)"
        ),
        lines=(
            LineSpec("pielegniarka", Decimal("70.00")),
            LineSpec("dzienny-dom-senior-plus", Decimal("55.00")),
        ),
        signed_days_before=8,
    ),
    ProviderSpec(
        key="mosir",
        name="Miejski Ośrodek Sportu i Rekreacji w Starachowicach",
        short_name="MOSiR Starachowice",
        legal_form="jednostka budżetowa gminy",
        kind=ProviderKind.PUBLIC_UNIT,
        street="Szkolna",
        building="8",
        phone="41 274 40 40",
        email="sekretariat@mosir-starachowice.example.org",
        contact_person="Krzysztof Zając",
        notes=PUBLIC_UNIT
        + "Zajęcia na pływalni miejskiej z instruktorami pływania. "
        + ILLUSTRATIVE,
        procurement_mode=ProcurementMode.IN_HOUSE,
        contract_title="Zajęcia „Nauka pływania” i „Aqua aerobik” na pływalni miejskiej",
        lines=(
            LineSpec("nauka-plywania", Decimal("15.00")),
            LineSpec("aqua-aerobik", Decimal("15.00")),
        ),
        signed_days_before=6,
    ),
    ProviderSpec(
        key="sck",
        name="Starachowickie Centrum Kultury",
        short_name="SCK / Kino Kultura",
        legal_form="samorządowa instytucja kultury",
        kind=ProviderKind.PUBLIC_UNIT,
        street="Radomska",
        building="21",
        phone="41 274 60 30",
        email="kino@sck-starachowice.example.org",
        contact_person="Anna Pietrzyk",
        notes=PUBLIC_UNIT
        + "Prowadzi Kino Kultura (wejściówki dla seniorów) i warsztaty cyfrowe Kawiarenki "
        "e-Seniorek. " + ILLUSTRATIVE,
        procurement_mode=ProcurementMode.IN_HOUSE,
        contract_title="Wejściówki do Kina Kultura i zajęcia Kawiarenki e-Seniorek",
        lines=(
            LineSpec("wejsciowki-kino-kultura", Decimal("18.00")),
            LineSpec("kawiarenka-e-seniorek", Decimal("20.00")),
        ),
        signed_days_before=6,
    ),
    ProviderSpec(
        key="muzeum",
        name="Muzeum Przyrody i Techniki „Ekomuzeum” im. Jana Pazdura w Starachowicach",
        short_name="Muzeum Przyrody i Techniki",
        legal_form="samorządowa instytucja kultury",
        kind=ProviderKind.PUBLIC_UNIT,
        street="Wielkopiecowa",
        building="1",
        phone="41 275 40 83",
        email="edukacja@muzeum-starachowice.example.org",
        contact_person="Jacek Malinowski",
        notes=PUBLIC_UNIT + "Zwiedzanie z przewodnikiem i warsztaty muzealne. " + ILLUSTRATIVE,
        procurement_mode=ProcurementMode.IN_HOUSE,
        contract_title="Zwiedzanie z przewodnikiem i warsztaty muzealne dla grup seniorów",
        lines=(LineSpec("muzeum-przyrody-i-techniki", Decimal("15.00")),),
        signed_days_before=6,
    ),
)

#: The provider the demo's ``provider_staff`` user works for.
STAFF_PROVIDER = "integracja"
#: The catalogue's period of a limit → the period a contract line's maximum is counted per.
LINE_PERIOD = {
    Period.WEEK: LinePeriod.WEEK,
    Period.MONTH: LinePeriod.MONTH,
    Period.QUARTER: LinePeriod.QUARTER,
    Period.YEAR: LinePeriod.YEAR,
    Period.PROGRAMME: LinePeriod.CONTRACT,
}
#: The contract's value is its lines' ceiling rounded up to whole thousands of złoty.
VALUE_STEP = Decimal("1000")


def line_terms(service: ProgrammeService, spec: LineSpec) -> dict[str, Any]:
    """Unit, period and maximum units of a line: the service's own limit (a service limited in
    rides is contracted in rides), for its places times the units each place may use, or this
    provider's share of them."""
    limit = service.limits.order_by("id").first()
    if limit is None or service.capacity is None:
        raise ValueError(f"The demo service {service.slug} has no limit or no capacity.")
    units = math.ceil(service.capacity * limit.units * spec.share)
    return {
        "service": service,
        "unit": limit.unit,
        "unit_price": spec.unit_price,
        "max_units": units,
        "period": spec.period or LINE_PERIOD[Period(limit.period)],
    }


def contract_period(programme: Programme, today: dt.date) -> tuple[dt.date, dt.date]:
    """This calendar year within the programme's period, always including today."""
    start = min(max(programme.valid_from, dt.date(today.year, 1, 1)), today)
    end = dt.date(today.year, 12, 31)
    if programme.valid_to is not None:
        end = max(min(end, programme.valid_to), today)
    return start, end


def _ceiling(terms: dict[str, Any], start: dt.date, end: dt.date) -> Decimal:
    line = ContractLine(
        unit_price=terms["unit_price"],
        max_units=terms["max_units"],
        period=terms["period"],
        valid_from=start,
        valid_to=end,
    )
    return line.max_value


def seed_providers(*, users: dict[Any, Any], today: dt.date, created: Counter[str]) -> None:
    if Provider.objects.exists():
        return
    director, staff_user = users[Role.DIRECTOR], users[Role.PROVIDER_STAFF]
    current = ProgrammeService.objects.filter(
        programme__in=Programme.objects.current(today)
    ).select_related("programme")
    by_slug = {service.slug: service for service in current}
    for serial, spec in enumerate(PROVIDERS, start=1):
        provider = provider_register(
            acting_user=director,
            fields={
                "name": spec.name,
                "short_name": spec.short_name,
                "legal_form": spec.legal_form,
                "kind": spec.kind,
                "nip": nip_make(serial),
                "regon": regon_make(serial),
                "krs": krs_make(serial) if spec.has_krs else "",
                "street": spec.street,
                "building_number": spec.building,
                "postcode": data.POSTCODE,
                "locality": data.LOCALITY,
                "terc": data.TERC,
                "simc": data.SIMC,
                "phone": spec.phone,
                "email": spec.email,
                "website": spec.website,
                "contact_person": spec.contact_person,
                "notes": spec.notes,
            },
        )
        created[Provider._meta.label] += 1
        lines = [
            line_terms(by_slug[line.slug], line) for line in spec.lines if line.slug in by_slug
        ]
        start = _contract(spec, provider, lines, serial, director, today, created)
        if spec.key == STAFF_PROVIDER:
            # The demo's provider_staff login works for the cooperative since its contract.
            provider_staff_attach(
                provider=provider, user=staff_user, acting_user=director, valid_from=start
            )
            created[ProviderStaff._meta.label] += 1


def _contract(
    spec: ProviderSpec,
    provider: Provider,
    lines: list[dict[str, Any]],
    serial: int,
    director: Any,
    today: dt.date,
    created: Counter[str],
) -> dt.date:
    """The provider's contract for this year with its lines; returns the day it starts."""
    if not lines:  # none of its services is in a current programme
        return today
    start, end = contract_period(lines[0]["service"].programme, today)
    ceiling = sum((_ceiling(terms, start, end) for terms in lines), start=Decimal("0"))
    value = (ceiling / VALUE_STEP).to_integral_value(rounding=ROUND_CEILING) * VALUE_STEP
    contract = contract_create(
        provider=provider,
        acting_user=director,
        fields={
            "number": f"CUS/U/{serial:02d}/{start.year}",
            "title": spec.contract_title,
            "procurement_mode": spec.procurement_mode,
            "signed_on": start - dt.timedelta(days=spec.signed_days_before),
            "valid_from": start,
            "valid_to": end,
            "total_value": value.quantize(Decimal("0.01")),
            "status": ContractStatus.ACTIVE,
            "notes": "Umowa przykładowa (centrum demonstracyjne): numer, daty, ceny i wartość "
            "są fikcyjne.",
        },
    )
    created[Contract._meta.label] += 1
    for terms in lines:
        contract_line_add(contract=contract, acting_user=director, fields=terms)
        created[ContractLine._meta.label] += 1
    return start
