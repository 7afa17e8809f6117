"""Property-based run of the delivery API against its OpenAPI document (schemathesis), with the
API key of a provider's staff member over a few clients of that provider, one of another
provider, and records already in the ledger — so that listing, recording and correcting
succeed, refuse (409) and miss (404). No answer may be a server error, and every answer must
match the document. (The anonymous run in ``test_openapi_contract`` covers the 401s.)"""

from __future__ import annotations

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

MAX_ID = 2**53 - 1


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As in ``test_openapi_contract``: keep the connection holding the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@dataclass
class DeliveryWorld:
    secret: str
    today: str
    entitlements: list[int]
    uuids: list[str]
    records: list[int]
    providers: list[int]


@pytest.fixture
def delivery_world(db: None, make_staff: Any) -> DeliveryWorld:
    """A provider's staff key; the provider's line for rides and its clients (limited to 3
    rides a month, not limited, suspended), another provider's client; a record, a reversed
    record and its correction."""
    from django.utils import timezone

    from opencus.core.roles import Role
    from opencus.core.tokens import api_token_issue
    from opencus.delivery.services import delivery_correct, delivery_record
    from opencus.intake.models import EntitlementStatus
    from tests.delivery.factories import entitlement_make, line_make, staff_link

    today = timezone.localdate()
    line = line_make(max_units=100_000)
    other_line = line_make()
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)
    _token, secret = api_token_issue(user=staff, name="provider system", acting_user=None)
    limited = entitlement_make(
        line=line, allowances=[{"units": 3, "unit": "ride", "period": "month"}]
    )
    unlimited = entitlement_make(line=line)
    suspended = entitlement_make(line=line, status=EntitlementStatus.SUSPENDED)
    foreign = entitlement_make(line=other_line)
    kept = delivery_record(entitlement=unlimited, delivered_on=today, units=1, acting_user=staff)
    reversed_ = delivery_record(
        entitlement=unlimited, delivered_on=today, units=2, acting_user=staff
    )
    correction = delivery_correct(record=reversed_, acting_user=staff, note="wrong")
    entitlements = [limited, unlimited, suspended, foreign]
    return DeliveryWorld(
        secret=secret,
        today=today.isoformat(),
        entitlements=[e.pk for e in entitlements],
        uuids=[str(e.uuid) for e in entitlements],
        records=[kept.pk, reversed_.pk, correction.pk],
        providers=[line.contract.provider_id, other_line.contract.provider_id],
    )


def _is_id(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and 1 <= value <= MAX_ID


def _aim(value: Any, pool: list[Any]) -> Any:
    """Point four in five valid identifiers at the fixture's rows; leave the rest (404) and
    anything invalid (422) as generated."""
    return pool[int(value) % len(pool)] if _is_id(value) and int(value) % 5 else value


def _aim_case(case: schemathesis.Case, world: DeliveryWorld) -> None:
    path = case.path_parameters or {}
    if "record_id" in path:
        path["record_id"] = _aim(path["record_id"], world.records)
    query = case.query or {}
    if "provider_id" in query:
        query["provider_id"] = _aim(query["provider_id"], world.providers)
    if not isinstance(case.body, dict):
        return
    body: dict[str, Any] = case.body
    if "entitlement_id" in body:
        body["entitlement_id"] = _aim(body["entitlement_id"], world.entitlements)
    if isinstance(body.get("entitlement_uuid"), str) and len(body["entitlement_uuid"]) % 5:
        body["entitlement_uuid"] = world.uuids[len(body["entitlement_uuid"]) % len(world.uuids)]
    # A generated day is rarely inside an entitlement and not in the future, and a generated
    # number of rides rarely whole: aim most of them at today and at 1–3 rides.
    day = body.get("delivered_on")
    if isinstance(day, str) and len(day) == 10 and not day.endswith("1"):
        body["delivered_on"] = world.today
    units = body.get("units")
    number = isinstance(units, int | float) and not isinstance(units, bool)
    if number and units is not None and 0 < units < 1e6 and int(units * 10) % 4:
        body["units"] = 1 + int(units) % 3


@schema.include(path_regex="^/api/delivery/").parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_delivery_api_keeps_its_contract_for_a_provider(
    case: schemathesis.Case, delivery_world: DeliveryWorld
) -> None:
    negative = (
        {location.value for location, info in case.meta.components.items() if info.mode.is_negative}
        if case.meta
        else set()
    )
    if "header" in negative:
        return  # the key below replaces the generated header: the case would not be negative
    if not negative:
        _aim_case(case, delivery_world)  # aiming could turn a negative case into a valid one
    case.call_and_validate(headers={"Authorization": f"Bearer {delivery_world.secret}"})
