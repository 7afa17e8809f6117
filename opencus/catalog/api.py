"""The catalogue's public JSON: Open Referral HSDS 3.0 (``GET /api/hsds/services`` and
``GET /api/hsds/services/{id}``). No login: it is the same information as the public pages.

The response schemas below document the HSDS fields OpenCUS fills, in the OpenAPI document;
the objects themselves are built in ``hsds.py`` and checked against the standard's own JSON
Schemas in the test suite.
"""

from __future__ import annotations

import math
import uuid
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from opencus.catalog import hsds, selectors

router = Router(tags=["HSDS 3.0"])

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


class Error(Schema):
    detail: str


class ValidationErrorBody(Schema):
    detail: str
    errors: list[dict[str, object]]


class TaxonomyTerm(Schema):
    id: uuid.UUID
    code: str | None = None
    name: str
    description: str
    taxonomy: str | None = None


class Attribute(Schema):
    id: uuid.UUID
    link_id: uuid.UUID | None = None
    link_type: str | None = None
    link_entity: str | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_term: TaxonomyTerm | None = None


class Phone(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    number: str


class Organization(Schema):
    id: uuid.UUID
    name: str
    description: str
    email: str | None = None
    website: str | None = None
    phones: list[Phone] | None = None


class Program(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    name: str
    alternate_name: str | None = None
    description: str


class Schedule(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    valid_from: str | None = Field(None, description="ISO 8601 date.")
    valid_to: str | None = Field(None, description="ISO 8601 date.")
    timezone: float | None = Field(None, description="UTC offset in hours, today.")
    freq: str | None = Field(None, description="RFC 5545 FREQ: WEEKLY.")
    wkst: str | None = None
    byday: str | None = Field(None, description="RFC 5545 BYDAY, e.g. MO,TU,WE.")
    opens_at: str | None = Field(None, description="HH:MM with the UTC offset.")
    closes_at: str | None = Field(None, description="HH:MM with the UTC offset.")
    description: str | None = None
    notes: str | None = None


class Address(Schema):
    id: uuid.UUID
    location_id: uuid.UUID | None = None
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str


class Accessibility(Schema):
    id: uuid.UUID
    location_id: uuid.UUID | None = None
    description: str | None = None


class Location(Schema):
    id: uuid.UUID
    location_type: str
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[Address] | None = None
    accessibility: list[Accessibility] | None = None
    phones: list[Phone] | None = None
    schedules: list[Schedule] | None = None


class ServiceAtLocation(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    location: Location | None = None


class ServiceArea(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    name: str | None = None
    description: str | None = None


class CostOption(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    option: str | None = None
    currency: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class RequiredDocument(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    document: str | None = None


class Funding(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    source: str | None = None


class ServiceSummary(Schema):
    """A service's one-to-one fields (HSDS ``compiled/service_list.json``)."""

    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    program_id: uuid.UUID | None = None
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: str = Field(..., description="active, inactive, defunct or temporarily closed")
    application_process: str | None = None
    fees_description: str | None = None
    accreditations: str | None = None
    eligibility_description: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    licenses: str | None = None
    last_modified: str | None = None
    organization: Organization | None = None
    program: Program | None = None


class Service(ServiceSummary):
    """A fully nested service (HSDS ``compiled/service.json``)."""

    phones: list[Phone] | None = None
    schedules: list[Schedule] | None = None
    service_areas: list[ServiceArea] | None = None
    service_at_locations: list[ServiceAtLocation] | None = None
    cost_options: list[CostOption] | None = None
    required_documents: list[RequiredDocument] | None = None
    funding: list[Funding] | None = None
    attributes: list[Attribute] | None = None


class ServicePage(Schema):
    """The HSDS page object."""

    total_items: int
    total_pages: int
    page_number: int
    size: int = Field(..., description="The number of services on this page.")
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[ServiceSummary]


LanguageCode = Literal["pl", "uk", "en"]
LANGUAGE_DESCRIPTION = (
    "The language of the texts (names, descriptions, how to apply …): pl, uk or en. A text "
    "with no version in that language is given in Polish. Default: the language of the "
    "session, else Polish."
)


class LanguageParams(Schema):
    lang: LanguageCode | None = Field(None, description=LANGUAGE_DESCRIPTION)


def _language(request: HttpRequest, chosen: str | None) -> str:
    return chosen or translation.get_language() or settings.LANGUAGE_CODE


class PageParams(Schema):
    lang: LanguageCode | None = Field(None, description=LANGUAGE_DESCRIPTION)
    page: int = Field(1, ge=1, description="Page number, from 1.")
    per_page: int = Field(
        DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Services per page (1–100)."
    )


@router.get(
    "/services",
    response={200: ServicePage, 422: ValidationErrorBody},
    exclude_none=True,
    url_name="hsds_services",
    summary="Paginated list of services (HSDS 3.0)",
    description=(
        "The services residents can see today, with their one-to-one fields, organization and "
        "program. A page past the last one is empty."
    ),
)
def service_list(request: HttpRequest, params: Query[PageParams]) -> dict[str, object]:
    with translation.override(_language(request, params.lang)):
        return _service_page(params)


def _service_page(params: PageParams) -> dict[str, object]:
    services = selectors.hsds_services()
    total = services.count()
    pages = math.ceil(total / params.per_page)
    start = (params.page - 1) * params.per_page
    # A page past the end is empty; it is not queried (a huge offset overflows SQLite).
    rows = services[start : start + params.per_page] if start < total else []
    contents = [hsds.service_summary(s) for s in rows]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get(
    "/services/{service_id}",
    response={200: Service, 404: Error, 422: ValidationErrorBody},
    exclude_none=True,
    url_name="hsds_service",
    summary="A fully nested service (HSDS 3.0)",
    description="A service with its organization, program, locations, schedules and costs.",
)
def service_detail(
    request: HttpRequest, service_id: str, params: Query[LanguageParams]
) -> dict[str, object]:
    with translation.override(_language(request, params.lang)):
        return _service_detail(service_id)


def _service_detail(service_id: str) -> dict[str, object]:
    # Any identifier that is not a public service's UUID, well-formed or not, is a 404.
    try:
        service = selectors.hsds_service(service_uuid=uuid.UUID(service_id))
    except (ValueError, Http404):
        raise HttpError(404, _("There is no public service with this identifier.")) from None
    return hsds.service_full(service)
