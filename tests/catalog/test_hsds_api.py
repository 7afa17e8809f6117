"""The HSDS 3.0 export, validated against the standard's own schemas (``hsds_schema/``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from opencus.catalog import hsds
from opencus.catalog.models import FeeKind, Period, ServiceStatus, Unit, Weekday

from .factories import (
    LocationFactory,
    OpeningHoursFactory,
    ProgrammeFactory,
    ProgrammeServiceFactory,
    ServiceLimitFactory,
    area,
    target_group,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds_schema"
OPENAPI_URI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
SERVICE_LIST_URI = (
    "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
    "service_list.json"
)
LIST_URL = "/api/hsds/services"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


def _registry() -> Registry[Any]:
    resources = [
        (OPENAPI_URI, _load("openapi.json")),
        (SERVICE_LIST_URI, _load("service_list.json")),
    ]
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012))
        for uri, contents in resources
    )


def list_validator() -> Draft202012Validator:
    """The ``/services`` 200 response exactly as the HSDS OpenAPI document defines it: the
    Page object with ``contents`` items of ``compiled/service_list.json``."""
    pointer = "#/paths/~1services/get/responses/200/content/application~1json/schema"
    return Draft202012Validator(
        {"$ref": OPENAPI_URI + pointer},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def service_validator() -> Draft202012Validator:
    return Draft202012Validator(
        _load("service_with_definitions.json"),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def assert_valid(validator: Draft202012Validator, data: Any) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.fixture
def client() -> Client:
    client = Client()
    client.cookies["opencus_language"] = "en"
    return client


@pytest.fixture
def taxi() -> Any:
    programme = ProgrammeFactory.create(
        name="Programme 2026–2027",
        resolution_number="XL/350/2026",
        resolution_date=dt.date(2026, 1, 28),
        journal_reference="Dz. Urz. Woj. Świętokrzyskiego 2026 poz. 512",
        valid_to=dt.date(2027, 12, 31),
    )
    club = LocationFactory.create(name="Senior+ Club", flat_number="4")
    OpeningHoursFactory.create(service=None, location=club, weekday=Weekday.WEDNESDAY)
    service = ProgrammeServiceFactory.create(
        programme=programme,
        name="Senior taxi",
        eligibility_rules={
            "all": [
                {"attribute": "age", "min": 65},
                {"all": [{"attribute": "age", "max": 99}, {"attribute": "resident"}]},
                {"any": [{"attribute": "age", "min": 80}, {"attribute": "disability"}]},
            ]
        },
        fee_kind=FeeKind.FLAT,
        fee_amount=Decimal("3.00"),
        fee_unit=Unit.RIDE,
        documents="Identity card\n\n- Disability certificate",
        contact_phone="41 275 01 01",
        areas=[area("health"), area("disability")],
        target_groups=[target_group("seniors")],
        locations=[club],
    )
    ServiceLimitFactory.create(service=service, period=Period.MONTH)
    for day in (Weekday.MONDAY, Weekday.TUESDAY, Weekday.THURSDAY):
        OpeningHoursFactory.create(service=service, weekday=day)
    OpeningHoursFactory.create(
        service=service,
        weekday=Weekday.SATURDAY,
        opens_at=dt.time(10, 0),
        closes_at=dt.time(12, 0),
        note="by appointment",
    )
    return service


# --- the list --------------------------------------------------------------------------------


def test_the_list_is_an_hsds_page_of_public_services(client, taxi):
    ProgrammeServiceFactory.create(name="Hidden", is_public=False)
    closed = ProgrammeServiceFactory.create(name="Swimming", status=ServiceStatus.SUSPENDED)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = response.json()
    assert_valid(list_validator(), page)
    assert {k: v for k, v in page.items() if k != "contents"} == {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    by_name = {s["name"]: s for s in page["contents"]}
    assert set(by_name) == {"Senior taxi", "Swimming"}
    assert by_name["Swimming"]["status"] == "temporarily closed"
    assert by_name["Swimming"]["id"] == str(closed.uuid)
    summary = by_name["Senior taxi"]
    assert summary["id"] == str(taxi.uuid)
    assert summary["status"] == "active"
    assert summary["minimum_age"] == 65
    assert summary["maximum_age"] == 99
    assert summary["organization"]["name"] == "Centrum Usług Społecznych Starachowice"
    assert summary["organization_id"] == summary["organization"]["id"]
    assert summary["program"]["id"] == str(taxi.programme.uuid)
    assert "XL/350/2026" in summary["program"]["description"]
    assert summary["url"].endswith(reverse("catalog:service_card", args=[taxi.uuid]))
    assert "Aged 65 or over" in summary["eligibility_description"]
    assert summary["fees_description"].startswith("3.00 PLN per ride")
    assert "schedules" not in summary  # one-to-one fields only
    # Formats the installed validator does not check: date-time with an offset, and a URI.
    assert dt.datetime.fromisoformat(summary["last_modified"]).tzinfo is not None
    assert summary["url"].startswith(("http://", "https://"))


def test_the_list_pages(client):
    for _ in range(5):
        ProgrammeServiceFactory.create()
    page = client.get(LIST_URL, {"page": 2, "per_page": 2}).json()
    assert_valid(list_validator(), page)
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"]) == (
        5,
        3,
        2,
        2,
    )
    assert (page["first_page"], page["last_page"], page["empty"]) == (False, False, False)
    last = client.get(LIST_URL, {"page": 3, "per_page": 2}).json()
    assert (last["size"], last["last_page"]) == (1, True)
    beyond = client.get(LIST_URL, {"page": 9, "per_page": 2}).json()
    assert (beyond["contents"], beyond["empty"], beyond["last_page"]) == ([], True, True)
    far = client.get(LIST_URL, {"page": 10**20, "per_page": 100})
    assert far.status_code == 200
    assert far.json()["empty"] is True
    ids = [
        s["id"]
        for p in (1, 2, 3)
        for s in client.get(LIST_URL, {"page": p, "per_page": 2}).json()["contents"]
    ]
    assert len(set(ids)) == 5


def test_an_empty_catalogue_is_an_empty_page(client):
    page = client.get(LIST_URL).json()
    assert_valid(list_validator(), page)
    assert (page["total_items"], page["total_pages"], page["empty"], page["contents"]) == (
        0,
        0,
        True,
        [],
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"page": -1},
        {"page": "two"},
        {"per_page": 0},
        {"per_page": 101},
        {"per_page": "x"},
    ],
)
def test_bad_page_parameters_are_a_422_with_a_message(client, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert body["errors"]


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(15):
        ProgrammeServiceFactory.create(programme=ProgrammeFactory.create())
    with django_assert_max_num_queries(2):  # count, page (with programmes)
        assert len(client.get(LIST_URL).json()["contents"]) == 15


# --- one service -----------------------------------------------------------------------------


def test_a_service_is_a_fully_nested_hsds_service(client, taxi):
    response = client.get(f"{LIST_URL}/{taxi.uuid}")
    assert response.status_code == 200
    service = response.json()
    assert_valid(service_validator(), service)

    assert service["id"] == str(taxi.uuid)
    assert service["organization"]["phones"][0]["number"] == "533 848 489"
    assert service["phones"] == [
        {
            "id": hsds.derived_id(taxi.uuid, "phone"),
            "service_id": str(taxi.uuid),
            "number": "41 275 01 01",
        }
    ]
    schedules = {s["byday"]: s for s in service["schedules"]}
    assert set(schedules) == {"MO,TU,TH", "SA"}
    weekdays = schedules["MO,TU,TH"]
    assert weekdays["freq"] == "WEEKLY"
    assert weekdays["opens_at"][:5] == "08:00"
    assert weekdays["opens_at"][5:] in {"+01:00", "+02:00"}
    assert weekdays["closes_at"][:5] == "16:00"
    assert weekdays["valid_from"] == "2026-02-01"
    assert weekdays["valid_to"] == "2027-12-31"
    assert weekdays["description"] == "Monday, Tuesday, Thursday: 08:00–16:00"
    assert schedules["SA"]["notes"] == "by appointment"

    [at_location] = service["service_at_locations"]
    location = at_location["location"]
    assert location["name"] == "Senior+ Club"
    assert location["location_type"] == "physical"
    assert location["latitude"] == pytest.approx(51.0475)
    [address] = location["addresses"]
    assert address == {
        "id": address["id"],
        "location_id": location["id"],
        "address_1": "ul. Radomska 22/4",
        "city": "Starachowice",
        "state_province": "świętokrzyskie",
        "postal_code": "27-200",
        "country": "PL",
        "address_type": "physical",
    }
    assert location["accessibility"][0]["description"].startswith("Wejście bez schodów")
    assert location["schedules"][0]["byday"] == "WE"

    [cost] = service["cost_options"]
    assert (cost["currency"], cost["amount"], cost["amount_description"]) == (
        "PLN",
        3.0,
        "per ride",
    )
    assert [d["document"] for d in service["required_documents"]] == [
        "Identity card",
        "Disability certificate",
    ]
    assert service["funding"][0]["source"].startswith("Europejski Fundusz Społeczny Plus")
    terms = {a["taxonomy_term"]["name"] for a in service["attributes"]}
    assert terms == {
        "health promotion and protection",
        "support for people with disabilities",
        "seniors",
    }
    assert service["service_areas"][0]["name"] == "Starachowice"


def test_identifiers_are_stable_between_exports(client, taxi):
    first = client.get(f"{LIST_URL}/{taxi.uuid}").json()
    second = client.get(f"{LIST_URL}/{taxi.uuid}").json()
    assert first == second
    assert uuid.UUID(first["organization"]["id"]) == uuid.UUID(hsds.organization_id())


def test_a_free_service_without_places_or_hours_is_valid(client):
    service = ProgrammeServiceFactory.create(
        programme=ProgrammeFactory.create(
            resolution_number="", resolution_date=None, funding="", description=""
        ),
        fee_kind=FeeKind.FREE,
        contact_phone="",
        documents="",
    )
    data = client.get(f"{LIST_URL}/{service.uuid}").json()
    assert_valid(service_validator(), data)
    assert data["cost_options"][0]["amount"] == 0
    assert "service_at_locations" not in data
    assert "minimum_age" not in data
    assert data["program"]["description"] == service.programme.name


def test_a_location_without_an_address_still_validates(client):
    bare = LocationFactory.create(
        street="",
        building_number="",
        postcode="",
        terc="",
        latitude=None,
        longitude=None,
        accessibility="",
        phone="",
    )
    service = ProgrammeServiceFactory.create(locations=[bare])
    data = client.get(f"{LIST_URL}/{service.uuid}").json()
    assert_valid(service_validator(), data)
    location = data["service_at_locations"][0]["location"]
    assert "latitude" not in location
    assert location["addresses"][0]["state_province"] == "świętokrzyskie"


@pytest.mark.parametrize("identifier", ["7b6a2f4e-0000-4000-8000-000000000000", "not-a-uuid"])
def test_an_unknown_service_is_a_404(client, identifier):
    response = client.get(f"{LIST_URL}/{identifier}")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no public service with this identifier.",
        "code": "not_found",
    }


def test_a_service_that_is_not_public_is_a_404(client):
    hidden = ProgrammeServiceFactory.create(is_public=False)
    assert client.get(f"{LIST_URL}/{hidden.uuid}").status_code == 404


def test_a_service_runs_a_fixed_number_of_queries(client, taxi, django_assert_max_num_queries):
    for _ in range(3):
        place = LocationFactory.create()
        OpeningHoursFactory.create(service=None, location=place)
        taxi.locations.add(place)
    # service, areas, target groups, limits, hours, locations, locations' hours
    with django_assert_max_num_queries(7):
        assert client.get(f"{LIST_URL}/{taxi.uuid}").status_code == 200


# --- the OpenAPI document --------------------------------------------------------------------


def test_the_routes_are_documented_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    listing = document["paths"]["/api/hsds/services"]["get"]
    assert {"200", "422"} <= set(listing["responses"])
    assert {p["name"] for p in listing["parameters"]} >= {"page", "per_page"}
    detail = document["paths"]["/api/hsds/services/{service_id}"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    schemas = document["components"]["schemas"]
    assert {"ServicePage", "Service", "Schedule", "Location", "Address"} <= set(schemas)


def test_the_schema_checks_can_fail():
    # Guards the validators above: a wrong status, a missing name, an id that is not a UUID
    # and a nested address without its required fields must all be caught.
    broken_page = {"total_items": "two", "contents": [{"id": "x", "status": "open"}]}
    assert len(list(list_validator().iter_errors(broken_page))) >= 3
    broken_service = {
        "id": str(uuid.uuid4()),
        "name": "A",
        "status": "active",
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "addresses": [{"id": str(uuid.uuid4())}],
                },
            }
        ],
    }
    assert list(service_validator().iter_errors(broken_service))
