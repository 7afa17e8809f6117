"""The catalogue as Open Referral HSDS 3.0 objects (Human Services Data Specification).

Pure mapping from our models to the standard's JSON: the API (``catalog/api.py``) pages and
serves it. Mapping:

- organization: the centre itself (``OPENCUS_CENTRE_NAME`` + ``OPENCUS_MUNICIPALITY_NAME``);
- program: the council programme (with its resolution and journal reference in words);
- service: the service card; ``minimum_age``/``maximum_age`` from an ``age`` rule that must
  hold (one at the top or inside top-level "all" groups), eligibility in words;
- schedules: opening hours as weekly RRULE parts (``freq`` WEEKLY, ``byday`` MO,TU…), days
  with the same hours folded into one schedule; times carry the Warsaw UTC offset of today;
- service_at_locations → location (physical) → addresses, accessibility, phones, schedules;
- cost_options: the fee (PLN); required_documents: one per line of "documents to bring";
- attributes: the statutory areas and target groups as taxonomy terms.

HSDS identifiers are UUIDs. Our rows that have no UUID of their own (a schedule, an address, a
phone) get a stable ``uuid5`` derived from their owner's, so an export is the same every time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.catalog import display
from opencus.catalog.models import (
    FeeKind,
    Location,
    OpeningHours,
    Programme,
    ProgrammeService,
    ServiceStatus,
    Weekday,
)
from opencus.core.formatting import day_text

#: Namespace of the identifiers OpenCUS derives for HSDS objects (fixed forever: changing it
#: would change every published identifier).
NAMESPACE = uuid.UUID("6f1b5f3e-9c4e-5b8a-9d62-0c5e1a7d4b21")

HSDS_STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.SUSPENDED: "temporarily closed",
    ServiceStatus.INACTIVE: "inactive",
}

BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}

#: Voivodeships by the first two digits of a TERYT code (the address's "state_province").
VOIVODESHIPS = {
    "02": "dolnośląskie",
    "04": "kujawsko-pomorskie",
    "06": "lubelskie",
    "08": "lubuskie",
    "10": "łódzkie",
    "12": "małopolskie",
    "14": "mazowieckie",
    "16": "opolskie",
    "18": "podkarpackie",
    "20": "podlaskie",
    "22": "pomorskie",
    "24": "śląskie",
    "26": "świętokrzyskie",
    "28": "warmińsko-mazurskie",
    "30": "wielkopolskie",
    "32": "zachodniopomorskie",
}


def derived_id(owner: uuid.UUID, part: str) -> str:
    return str(uuid.uuid5(owner, part))


def organization_name() -> str:
    return f"{settings.OPENCUS_CENTRE_NAME} {settings.OPENCUS_MUNICIPALITY_NAME}"


def organization_id() -> str:
    return str(uuid.uuid5(NAMESPACE, f"organization:{organization_name()}"))


def _absolute(path: str) -> str:
    return str(settings.OPENCUS_PUBLIC_BASE_URL).rstrip("/") + path


def _text(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _compact(data: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty optional values: HSDS types do not allow null."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# --- Organization and program ----------------------------------------------------------------


def organization(*, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": organization_id(),
        "name": organization_name(),
        "description": _(
            "The Centre for Social Services of %(municipality)s: social services for residents "
            "under the council's programmes of social services."
        )
        % {"municipality": settings.OPENCUS_MUNICIPALITY_NAME},
        "email": settings.OPENCUS_CONTACT_EMAIL,
        "website": _absolute("/"),
    }
    if full:
        data["phones"] = [
            {
                "id": derived_id(uuid.UUID(data["id"]), "phone"),
                "organization_id": data["id"],
                "number": settings.OPENCUS_CONTACT_PHONE,
            }
        ]
    return _compact(data)


def resolution_text(programme: Programme) -> str:
    if not programme.resolution_number:
        return ""
    if programme.resolution_date:
        text = _("Adopted by council resolution No. %(number)s of %(date)s.") % {
            "number": programme.resolution_number,
            "date": day_text(programme.resolution_date),
        }
    else:
        text = _("Adopted by council resolution No. %(number)s.") % {
            "number": programme.resolution_number
        }
    if programme.journal_reference:
        text += " " + _("Published in %(journal)s.") % {"journal": programme.journal_reference}
    return text


def program(programme: Programme) -> dict[str, Any]:
    return _compact(
        {
            "id": str(programme.uuid),
            "organization_id": organization_id(),
            "name": programme.name,
            "alternate_name": programme.resolution_number,
            "description": _text(programme.description, resolution_text(programme))
            or programme.name,
        }
    )


# --- Service ---------------------------------------------------------------------------------


def age_bounds(rules: Mapping[str, Any] | None) -> tuple[int | None, int | None]:
    """The age range every eligible person is in: from ``age`` rules at the top of the rule
    set or inside top-level "all" groups ("any" and "not" give no firm bound)."""
    low: int | None = None
    high: int | None = None

    def walk(node: Mapping[str, Any]) -> None:
        nonlocal low, high
        if "all" in node:
            for child in node["all"]:
                walk(child)
        elif node.get("attribute") == "age":
            if node.get("min") is not None:
                low = node["min"] if low is None else max(low, node["min"])
            if node.get("max") is not None:
                high = node["max"] if high is None else min(high, node["max"])

    if rules:
        walk(rules)
    return low, high


def _how_to_apply(service: ProgrammeService) -> str:
    return service.how_to_apply or _("Apply in person, by phone or by e-mail at %(centre)s.") % {
        "centre": settings.OPENCUS_CENTRE_NAME
    }


def _fees(service: ProgrammeService) -> str:
    return _text(display.fee_text(service), service.fee_description)


def _eligibility(service: ProgrammeService) -> str:
    conditions = display.conditions(service)
    if conditions is None:
        conditions = [_("Ask the centre who may use this service.")]
    return _text(service.target_group_description, "\n".join(conditions))


def service_summary(service: ProgrammeService) -> dict[str, Any]:
    """The one-to-one fields of a service (``compiled/service_list.json``), with its
    organization and program."""
    low, high = age_bounds(service.eligibility_rules)
    return _compact(
        {
            "id": str(service.uuid),
            "organization_id": organization_id(),
            "program_id": str(service.programme.uuid),
            "name": service.name,
            "description": _text(service.summary, service.description),
            "url": _absolute(reverse("catalog:service_card", args=[service.uuid])),
            "email": service.contact_email or settings.OPENCUS_CONTACT_EMAIL,
            "status": HSDS_STATUS[ServiceStatus(service.status)],
            "application_process": _how_to_apply(service),
            "fees_description": _fees(service),
            "accreditations": service.quality_standard,
            "eligibility_description": _eligibility(service),
            "minimum_age": low,
            "maximum_age": high,
            "licenses": service.legal_basis,
            "last_modified": service.updated_at.isoformat(),
            "organization": organization(),
            "program": program(service.programme),
        }
    )


def _offset(day: dt.date, at: dt.time) -> dt.timedelta:
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, at, tzinfo=zone).utcoffset() or dt.timedelta(0)


def _time(day: dt.date, at: dt.time) -> str:
    minutes = int(_offset(day, at).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{at:%H:%M}{sign}{hours:02d}:{rest:02d}"


def schedules(
    hours: Iterable[OpeningHours],
    *,
    owner: uuid.UUID,
    link: Mapping[str, str],
    programme: Programme | None = None,
) -> list[dict[str, Any]]:
    """Weekly schedules: one per distinct (opens, closes, note), its days in ``byday``."""
    today = timezone.localdate()
    groups: dict[tuple[dt.time, dt.time, str], list[OpeningHours]] = {}
    for entry in sorted(hours, key=lambda h: (h.weekday, h.opens_at)):
        groups.setdefault((entry.opens_at, entry.closes_at, entry.note), []).append(entry)
    result = []
    for (opens, closes, note), entries in groups.items():
        days = [entry.weekday for entry in entries]
        labels = ", ".join(str(Weekday(day).label) for day in days)
        result.append(
            _compact(
                {
                    "id": derived_id(owner, "hours:" + ",".join(str(e.pk) for e in entries)),
                    **link,
                    "valid_from": _date(programme.valid_from) if programme else None,
                    "valid_to": _date(programme.valid_to) if programme else None,
                    "timezone": _offset(today, opens).total_seconds() / 3600,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": ",".join(BYDAY[day] for day in days),
                    "opens_at": _time(today, opens),
                    "closes_at": _time(today, closes),
                    "description": f"{labels}: {opens:%H:%M}–{closes:%H:%M}",
                    "notes": note,
                }
            )
        )
    return result


def _address(location: Location) -> dict[str, Any]:
    number = location.building_number + (f"/{location.flat_number}" if location.flat_number else "")
    terc = location.terc or str(settings.OPENCUS_MUNICIPALITY_TERC)
    return {
        "id": derived_id(location.uuid, "address"),
        "location_id": str(location.uuid),
        "address_1": f"{location.street} {number}".strip(),
        "city": location.locality,
        "state_province": VOIVODESHIPS.get(terc[:2], ""),
        "postal_code": location.postcode,
        "country": "PL",
        "address_type": "physical",
    }


def location(place: Location) -> dict[str, Any]:
    place_id = str(place.uuid)
    data: dict[str, Any] = {
        "id": place_id,
        "location_type": "physical",
        "name": place.name,
        "description": place.description,
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
        "addresses": [_address(place)],
        "schedules": schedules(place.hours.all(), owner=place.uuid, link={"location_id": place_id}),
    }
    if place.accessibility:
        data["accessibility"] = [
            {
                "id": derived_id(place.uuid, "accessibility"),
                "location_id": place_id,
                "description": place.accessibility,
            }
        ]
    if place.phone:
        data["phones"] = [
            {"id": derived_id(place.uuid, "phone"), "location_id": place_id, "number": place.phone}
        ]
    return _compact(data)


def _cost_options(service: ProgrammeService) -> list[dict[str, Any]]:
    programme = service.programme
    amount: Decimal | None
    if service.fee_kind == FeeKind.FREE:
        amount = Decimal(0)
    elif service.fee_kind == FeeKind.FLAT:
        amount = service.fee_amount
    else:
        amount = None  # set by the council resolution, by income: in the description
    return [
        _compact(
            {
                "id": derived_id(service.uuid, "cost"),
                "service_id": str(service.uuid),
                "valid_from": _date(programme.valid_from),
                "valid_to": _date(programme.valid_to),
                "option": display.fee_text(service),
                "currency": "PLN",
                "amount": float(amount) if amount is not None else None,
                "amount_description": (
                    display.unit_per(service.fee_unit) if service.fee_unit else None
                )
                or service.fee_description,
            }
        )
    ]


def _term(kind: str, code: str, name: str, taxonomy: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"{kind}:{code}")),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
    }


def _attributes(service: ProgrammeService) -> list[dict[str, Any]]:
    terms = [
        _term("area", str(area.code), str(area), _("Areas of social services (CUS act, art. 2)"))
        for area in service.areas.all()
    ] + [
        _term("target-group", group.slug, str(group), _("Target groups"))
        for group in service.target_groups.all()
    ]
    return [
        {
            "id": derived_id(service.uuid, "attribute:" + term["id"]),
            "link_id": str(service.uuid),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        for term in terms
    ]


def service_full(service: ProgrammeService) -> dict[str, Any]:
    """A service with everything related (``compiled/service.json``). Expects the prefetches
    of ``selectors.hsds_service``."""
    service_id = str(service.uuid)
    programme = service.programme
    data = service_summary(service)
    data["organization"] = organization(full=True)
    data["phones"] = [
        {
            "id": derived_id(service.uuid, "phone"),
            "service_id": service_id,
            "number": service.contact_phone or settings.OPENCUS_CONTACT_PHONE,
        }
    ]
    data["schedules"] = schedules(
        service.hours.all(),
        owner=service.uuid,
        link={"service_id": service_id},
        programme=programme,
    )
    data["service_areas"] = [
        {
            "id": derived_id(uuid.UUID(organization_id()), "area"),
            "service_id": service_id,
            "name": str(settings.OPENCUS_MUNICIPALITY_NAME),
            "description": _("The municipality of %(municipality)s (TERYT TERC %(terc)s)")
            % {
                "municipality": settings.OPENCUS_MUNICIPALITY_NAME,
                "terc": settings.OPENCUS_MUNICIPALITY_TERC,
            },
        }
    ]
    data["service_at_locations"] = [
        {
            "id": derived_id(service.uuid, f"at:{place.uuid}"),
            "service_id": service_id,
            "location_id": str(place.uuid),
            "location": location(place),
        }
        for place in service.locations.all()
    ]
    data["cost_options"] = _cost_options(service)
    data["required_documents"] = [
        {
            "id": derived_id(service.uuid, f"document:{number}"),
            "service_id": service_id,
            "document": line.strip(" -•*\t"),
        }
        for number, line in enumerate(service.documents.splitlines(), start=1)
        if line.strip(" -•*\t")
    ]
    if programme.funding:
        data["funding"] = [
            {
                "id": derived_id(programme.uuid, "funding"),
                "service_id": service_id,
                "source": _text(programme.funding, programme.eu_project_reference),
            }
        ]
    data["attributes"] = _attributes(service)
    return _compact(data)
