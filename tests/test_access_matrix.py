"""Every role × every staff page: allowed (200), or refused (403), exactly as the permission
matrix in ``opencus.core.roles`` says; an anonymous visitor is sent to log in, an outsider (a
logged-in user with no role) is refused everywhere, and public pages need no login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from opencus.core.roles import CAPABILITIES, Capability, Role
from opencus.intake.models import Allocation, Channel, EnrolmentRound
from opencus.intake.services import application_file
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.providers.factories import ContractLineFactory

pytestmark = pytest.mark.django_db

STAFF = "any staff role"

#: (url name, what it needs, which object the URL names: "", "person", "service", "programme",
#: "round", "provider", "contract", "contract_month" (contract, year, month) or "line")
STAFF_PAGES: list[tuple[str, Capability | str, str]] = [
    ("core:dashboard", STAFF, ""),
    ("core:account", STAFF, ""),
    ("core:audit_log", Capability.AUDIT_VIEW, ""),
    ("people:search", Capability.PERSON_VIEW, ""),
    ("people:create", Capability.PERSON_EDIT, ""),
    ("people:detail", Capability.PERSON_VIEW, "person"),
    ("people:edit", Capability.PERSON_EDIT, "person"),
    ("people:special_data", Capability.PERSON_SENSITIVE_VIEW, "person"),
    ("people:household_add", Capability.PERSON_EDIT, "person"),
    ("people:representative_add", Capability.PERSON_EDIT, "person"),
    ("people:consent_add", Capability.PERSON_EDIT, "person"),
    ("people:certificate_add", Capability.PERSON_SENSITIVE_EDIT, "person"),
    ("people:health_note_add", Capability.PERSON_SENSITIVE_EDIT, "person"),
    ("catalog:programme_list", Capability.CATALOG_VIEW, ""),
    ("catalog:programme_detail", Capability.CATALOG_VIEW, "programme"),
    ("catalog:staff_service_detail", Capability.CATALOG_VIEW, "service"),
    ("catalog:service_edit", Capability.CATALOG_MANAGE, "service"),
    ("intake:queue_index", Capability.APPLICATION_VIEW, ""),
    ("intake:queue_detail", Capability.APPLICATION_VIEW, "service"),
    ("intake:person_applications", Capability.APPLICATION_VIEW, "person"),
    ("intake:application_new", Capability.APPLICATION_FILE, "person"),
    ("intake:application_detail", Capability.APPLICATION_VIEW, "application"),
    ("intake:assessment_new", Capability.PERSON_SENSITIVE_EDIT, "application"),
    ("intake:phone_intake", Capability.APPLICATION_FILE, ""),
    ("intake:my_work", STAFF, ""),
    ("intake:notices", Capability.APPLICATION_FILE, ""),
    ("intake:service_places", Capability.QUEUE_MANAGE, "service"),
    ("intake:enrolment_list", Capability.APPLICATION_VIEW, "service"),
    ("intake:enrolment_new", Capability.QUEUE_MANAGE, "service"),
    ("intake:enrolment_detail", Capability.APPLICATION_VIEW, "round"),
    ("intake:enrolment_allocate", Capability.QUEUE_MANAGE, "round"),
    # Provider staff with a current link also see their own provider (tests/providers).
    ("providers:list", Capability.PROVIDER_VIEW, ""),
    ("providers:create", Capability.PROVIDER_MANAGE, ""),
    ("providers:detail", Capability.PROVIDER_VIEW, "provider"),
    ("providers:edit", Capability.PROVIDER_MANAGE, "provider"),
    ("providers:staff_attach", Capability.PROVIDER_MANAGE, "provider"),
    ("providers:contract_create", Capability.PROVIDER_MANAGE, "provider"),
    ("providers:contract_detail", Capability.PROVIDER_VIEW, "contract"),
    ("providers:contract_edit", Capability.PROVIDER_MANAGE, "contract"),
    ("providers:line_add", Capability.PROVIDER_MANAGE, "contract"),
    ("providers:line_end", Capability.PROVIDER_MANAGE, "line"),
    # Provider staff with a current link also see their own settlements (tests/delivery).
    ("delivery:contract_list", Capability.PROVIDER_VIEW, ""),
    ("delivery:contract_months", Capability.PROVIDER_VIEW, "contract"),
    ("delivery:statement", Capability.PROVIDER_VIEW, "contract_month"),
    ("delivery:statement_xlsx", Capability.PROVIDER_VIEW, "contract_month"),
    ("delivery:statement_pdf", Capability.PROVIDER_VIEW, "contract_month"),
    # The centre's views of delivery: never a provider's own staff (tests/delivery).
    ("delivery:report_overview", Capability.PROVIDER_VIEW, ""),
    ("delivery:report_person", Capability.PROVIDER_VIEW, "person"),
    ("delivery:report_lagging", Capability.PROVIDER_VIEW, ""),
]

PUBLIC_PAGES: list[tuple[str, str]] = [
    ("catalog:public_service_list", ""),
    ("catalog:service_card", "service"),
    ("core:accessibility", ""),
    ("core:privacy", ""),
    ("core:login", ""),
    ("portal:apply", ""),
    ("portal:status", ""),
]

PERSONAS: list[tuple[str, tuple[Role, ...]]] = [("outsider", ())] + [
    (role.value, (role,)) for role in Role
]


def allowed(requirement: Capability | str, roles: tuple[Role, ...]) -> bool:
    if requirement == STAFF:
        return bool(roles)
    assert isinstance(requirement, Capability)
    return bool(set(roles) & CAPABILITIES[requirement])


@pytest.fixture
def objects(db: None) -> dict[str, Any]:
    service = ProgrammeServiceFactory.create()
    today = timezone.localdate()
    enrolment_round = EnrolmentRound.objects.create(
        service=service,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today - dt.timedelta(days=1),
        allocation=Allocation.LOTTERY,
    )
    line = ContractLineFactory.create(service=service)
    person = PersonFactory.create()
    application = application_file(
        person=person, services=[service], channel=Channel.PHONE, acting_user=None
    )
    return {
        "application": application.uuid,
        "provider": line.contract.provider.uuid,
        "contract": line.contract.uuid,
        "contract_month": (
            line.contract.uuid,
            line.contract.valid_from.year,
            line.contract.valid_from.month,
        ),
        "line": line.pk,
        "person": person.pk,
        "service": service.uuid,
        "programme": service.programme.uuid,
        "round": enrolment_round.pk,
    }


def url_for(name: str, kind: str, objects: dict[str, Any]) -> str:
    if not kind:
        return reverse(name)
    value = objects[kind]
    return reverse(name, args=list(value) if isinstance(value, tuple) else [value])


@pytest.mark.parametrize(("persona", "roles"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_every_role_gets_exactly_the_pages_the_matrix_gives_it(
    client_as: Callable[..., Any], objects: dict[str, Any], persona: str, roles: tuple[Role, ...]
) -> None:
    client = client_as(*roles)
    outcome = {}
    expected = {}
    for name, requirement, kind in STAFF_PAGES:
        outcome[name] = client.get(url_for(name, kind, objects)).status_code
        expected[name] = 200 if allowed(requirement, roles) else 403
    assert outcome == expected


def test_anonymous_visitors_are_sent_to_log_in_from_every_staff_page(
    client: Any, objects: dict[str, Any]
) -> None:
    for name, _requirement, kind in STAFF_PAGES:
        url = url_for(name, kind, objects)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:login")), name


@pytest.mark.parametrize(("name", "kind"), PUBLIC_PAGES)
def test_public_pages_need_no_login(
    client: Any, objects: dict[str, Any], name: str, kind: str
) -> None:
    assert client.get(url_for(name, kind, objects)).status_code == 200
