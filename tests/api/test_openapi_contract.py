"""Property-based run of the JSON API against its own OpenAPI document (schemathesis).

Every operation is called with generated valid and invalid input: no response may be a server
error, and every response must match the status codes and schemas the document declares.
Twice: anonymously (the staff operations must answer 401 as declared), and with the API key of
a director over a few people, services and applications, so that the staff operations also
succeed, refuse (409) and miss (404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from opencus.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request; inside a test that would
    close the connection holding the test's transaction (PostgreSQL). Django's test client
    disconnects the same receivers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db: None) -> None:
    """A small published catalogue, so that list and detail calls have something to return."""
    from tests.catalog.factories import ProgrammeServiceFactory

    ProgrammeServiceFactory.create_batch(3)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_keeps_its_contract(case: schemathesis.Case, catalogue: None) -> None:
    case.call_and_validate()


# --- With an API key --------------------------------------------------------------------------

MAX_ID = 2**53 - 1


@dataclass
class IntakeWorld:
    secret: str
    people: list[int]
    services: list[int]
    items: list[int]
    representatives: list[int]


@pytest.fixture
def intake_world(db: None, make_staff: Any) -> IntakeWorld:
    """A director's key; people (seniors, a young person from elsewhere, an archived one);
    services (open, for senior residents only, one place, by decision, closed); requests in
    every state; a carer."""
    from django.utils import timezone

    from opencus.core.roles import Role
    from opencus.core.tokens import api_token_issue
    from opencus.intake.models import Channel
    from opencus.intake.services import application_file, item_qualify, item_withdraw
    from opencus.people.services import representative_add
    from tests.catalog.factories import ProgrammeServiceFactory
    from tests.people.factories import PersonFactory

    director = make_staff(Role.DIRECTOR)
    _token, secret = api_token_issue(user=director, name="contract", acting_user=director)
    seniors = PersonFactory.create_batch(3, birth_date=dt.date(1950, 3, 1))
    young = PersonFactory.create(birth_date=dt.date(1995, 1, 1), terc="1465011")
    archived = PersonFactory.create(archived_at=timezone.now())
    open_service = ProgrammeServiceFactory.create()
    senior_residents = ProgrammeServiceFactory.create(
        eligibility_rules={"all": [{"attribute": "age", "min": 60}, {"attribute": "resident"}]}
    )
    one_place = ProgrammeServiceFactory.create(capacity=1)
    by_decision = ProgrammeServiceFactory.create(qualification_mode="decision")
    closed = ProgrammeServiceFactory.create(status="suspended")

    def file(person: Any, service: Any, minutes_ago: int) -> Any:
        application = application_file(
            person=person,
            services=[service],
            channel=Channel.PHONE,
            acting_user=director,
            filed_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        )
        return application.items.get()

    items = [
        file(seniors[0], open_service, 60),
        item_qualify(item=file(seniors[0], one_place, 50), acting_user=director),
        item_qualify(item=file(seniors[1], one_place, 40), acting_user=director),  # waits
        file(young, senior_residents, 30),  # not eligible
        file(seniors[2], by_decision, 20),  # decision mode
        item_withdraw(
            item=file(seniors[1], open_service, 10),
            acting_user=director,
            reason="No longer needed.",
        ),
    ]
    carer = representative_add(
        person=seniors[2], representative=seniors[0], kind="carer", acting_user=director
    )
    return IntakeWorld(
        secret=secret,
        people=[p.pk for p in [*seniors, young, archived]],
        services=[s.pk for s in (open_service, senior_residents, one_place, by_decision, closed)],
        items=[item.pk for item in items],
        representatives=[carer.pk],
    )


def _is_id(value: Any) -> bool:
    """An identifier the schema accepts (JSON Schema counts 5.0 as an integer)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and 1 <= value <= MAX_ID


def _aim(value: Any, pool: list[int]) -> Any:
    """A generated identifier rarely exists: point four in five at the fixture's rows (success
    and 409 paths); the rest stay as generated (404). Anything not a valid identifier stays
    as it is, so a negative case remains negative."""
    return pool[int(value) % len(pool)] if _is_id(value) and int(value) % 5 else value


def _aim_list(values: Any, pool: list[int]) -> Any:
    """Like ``_aim`` for a list of distinct identifiers, keeping them distinct."""
    if (
        not isinstance(values, list)
        or not values
        or not all(_is_id(v) for v in values)
        or len(set(values)) != len(values)
        or len(values) > len(pool)
        or not int(values[0]) % 5
    ):
        return values
    start = int(values[0]) % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(len(values))]


def _aim_case(case: schemathesis.Case, world: IntakeWorld) -> None:
    path = case.path_parameters or {}
    if "person_id" in path:
        path["person_id"] = _aim(path["person_id"], world.people)
    if "item_id" in path:
        path["item_id"] = _aim(path["item_id"], world.items)
    body = case.body
    if isinstance(body, dict):
        if "person_id" in body:
            body["person_id"] = _aim(body["person_id"], world.people)
        if "representative_id" in body:
            body["representative_id"] = _aim(body["representative_id"], world.representatives)
        if "service_ids" in body:
            body["service_ids"] = _aim_list(body["service_ids"], world.services)


@schema.include(path_regex="^/api/intake/").parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_intake_api_keeps_its_contract_for_a_director(
    case: schemathesis.Case, intake_world: IntakeWorld
) -> None:
    _aim_case(case, intake_world)
    if case.meta and any(
        location.value == "header" and info.mode.is_negative
        for location, info in case.meta.components.items()
    ):
        return  # the key below replaces the generated header: the case would not be negative
    case.call_and_validate(headers={"Authorization": f"Bearer {intake_world.secret}"})
