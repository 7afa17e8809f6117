"""Delivery in the JSON API: a provider's system reads its own clients' entitlements and records
and corrects deliveries with the key of one of its staff — scoped to that provider, refused
with the same rules as the pages, every refusal a 409 with ``{"detail", "code"}``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from opencus.catalog.models import Unit
from opencus.core.models import ApiToken
from opencus.core.roles import Role
from opencus.core.tokens import api_token_issue, api_token_revoke
from opencus.delivery.models import DeliveryRecord
from opencus.delivery.services import delivery_record, settlement_approve
from opencus.intake.models import EntitlementStatus
from tests.delivery.factories import entitlement_make, line_make, previous_month, staff_link
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

ENTITLEMENTS_URL = "/api/delivery/entitlements"
RECORDS_URL = "/api/delivery/records"


def correct_url(record: Any) -> str:
    return (
        f"/api/delivery/records/{record['id'] if isinstance(record, dict) else record.pk}/correct"
    )


class Api:
    """A test client calling the API with an API key, reading the answers in English."""

    def __init__(self, user: User | None, secret: str | None = None) -> None:
        self.user = user
        self.client = Client()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, headers=self.headers)

    def post(self, url: str, body: Any) -> Any:
        return self.client.post(
            url, json.dumps(body), content_type="application/json", headers=self.headers
        )


def key_of(user: User) -> Api:
    _token, secret = api_token_issue(user=user, name="provider system", acting_user=None)
    return Api(user, secret)


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def world(make_staff: Callable[..., User]) -> dict[str, Any]:
    """Two providers, each with a line for rides and a client; a key of each one's staff."""
    line = line_make(unit=Unit.RIDE, max_units=1000)
    other_line = line_make(unit=Unit.RIDE, max_units=1000)
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)
    other_staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(other_staff, other_line)
    person = PersonFactory.create(
        first_name="Zofia", last_name="Kowalska", pesel="44051401458", phone="600100200"
    )
    entitlement = entitlement_make(
        line=line, person=person, allowances=[{"units": 4, "unit": "ride", "period": "month"}]
    )
    other_entitlement = entitlement_make(line=other_line)
    return {
        "line": line,
        "other_line": other_line,
        "staff": staff,
        "api": key_of(staff),
        "other_api": key_of(other_staff),
        "person": person,
        "entitlement": entitlement,
        "other_entitlement": other_entitlement,
    }


def record_body(entitlement: Any, units: Any = 1, day: dt.date | None = None) -> dict[str, Any]:
    return {
        "entitlement_id": entitlement.pk,
        "delivered_on": (day or today()).isoformat(),
        "units": units,
        "note": "",
    }


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]
    return body


# --- Reading the provider's clients -----------------------------------------------------------


def test_a_provider_lists_only_its_own_clients_with_what_is_left(world):
    delivery_record(
        entitlement=world["entitlement"],
        delivered_on=today(),
        units=1,
        acting_user=world["staff"],
    )
    entitlement_make(line=world["line"], status=EntitlementStatus.ENDED)
    response = world["api"].get(ENTITLEMENTS_URL)
    assert response.status_code == 200
    body = response.json()
    assert [e["id"] for e in body] == [world["entitlement"].pk]
    (entry,) = body
    assert entry["uuid"] == str(world["entitlement"].uuid)
    assert entry["person"] == {
        "name": "Zofia Kowalska",
        "address": world["person"].address_line,
        "phone": "600100200",
    }
    assert entry["service"]["uuid"] == str(world["line"].service.uuid)
    (allowance,) = entry["allowances"]
    assert allowance["unit"] == "ride"
    assert allowance["period"] == "month"
    assert (allowance["allowed"], allowance["used"], allowance["remaining"]) == (4, 1, 3)
    assert allowance["period_starts_on"] == today().replace(day=1).isoformat()


def test_the_list_carries_no_pesel_and_no_notes(world):
    content = world["api"].get(ENTITLEMENTS_URL).content.decode()
    assert "44051401458" not in content
    assert "pesel" not in content.lower()
    assert "note" not in content.lower()


def test_the_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(5):
        entitlement_make(
            line=world["line"], allowances=[{"units": 2, "unit": "ride", "period": "week"}]
        )
    with django_assert_max_num_queries(8):
        response = world["api"].get(ENTITLEMENTS_URL)
    assert len(response.json()) == 6


def test_another_providers_id_is_not_found(world):
    provider_id = world["other_line"].contract.provider_id
    assert_error(
        world["api"].get(ENTITLEMENTS_URL, provider_id=provider_id), 404, "provider_not_found"
    )


def test_the_centre_staff_list_any_provider_by_its_id(client_as, make_staff, world):
    organiser = key_of(make_staff(Role.SERVICE_ORGANISER))
    every = organiser.get(ENTITLEMENTS_URL).json()
    assert {e["id"] for e in every} == {world["entitlement"].pk, world["other_entitlement"].pk}
    provider_id = world["other_line"].contract.provider_id
    one = organiser.get(ENTITLEMENTS_URL, provider_id=provider_id).json()
    assert [e["id"] for e in one] == [world["other_entitlement"].pk]


def test_the_staff_session_works(world):
    client = Client()
    client.force_login(world["staff"])
    response = client.get(ENTITLEMENTS_URL)
    assert response.status_code == 200
    assert [e["id"] for e in response.json()] == [world["entitlement"].pk]


# --- Who may call -----------------------------------------------------------------------------


def test_no_key_and_a_revoked_key_are_401(world):
    assert_error(Api(None).get(ENTITLEMENTS_URL), 401, "not_authenticated")
    api_token_revoke(token=ApiToken.objects.get(user=world["staff"]), acting_user=None)
    assert_error(world["api"].get(ENTITLEMENTS_URL), 401, "not_authenticated")
    assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"])), 401, "not_authenticated"
    )


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AUDITOR, Role.CLIENT_OFFICE])
def test_roles_without_delivery_record_are_403(make_staff, world, role):
    api = key_of(make_staff(role))
    assert_error(api.get(ENTITLEMENTS_URL), 403, "forbidden")
    assert_error(api.post(RECORDS_URL, record_body(world["entitlement"])), 403, "forbidden")


def test_provider_staff_no_longer_linked_are_403(make_staff, world):
    former = make_staff(Role.PROVIDER_STAFF)
    link = staff_link(former, world["line"])
    link.ended_on = today()
    link.save(update_fields=["ended_on"])
    assert_error(key_of(former).get(ENTITLEMENTS_URL), 403, "no_provider")


# --- Recording --------------------------------------------------------------------------------


def test_a_provider_records_a_delivery_for_its_client(world):
    response = world["api"].post(RECORDS_URL, record_body(world["entitlement"], units=2))
    assert response.status_code == 201, response.content
    body = response.json()
    record = DeliveryRecord.objects.get(pk=body["id"])
    assert record.recorded_by == world["staff"]
    assert body["units"] == 2
    assert body["unit"] == "ride"
    assert body["unit_price"] == "25.00"
    assert body["entitlement_uuid"] == str(world["entitlement"].uuid)
    assert body["corrects"] is None


def test_the_entitlement_may_be_named_by_its_uuid(world):
    body = record_body(world["entitlement"])
    del body["entitlement_id"]
    body["entitlement_uuid"] = str(world["entitlement"].uuid)
    assert world["api"].post(RECORDS_URL, body).status_code == 201


def test_naming_the_entitlement_twice_or_not_at_all_is_422(world):
    body = record_body(world["entitlement"])
    assert_error(
        world["api"].post(
            RECORDS_URL, {**body, "entitlement_uuid": str(world["entitlement"].uuid)}
        ),
        422,
        "invalid",
    )
    del body["entitlement_id"]
    assert_error(world["api"].post(RECORDS_URL, body), 422, "invalid")


def test_another_providers_entitlement_is_not_found(world):
    response = world["other_api"].post(RECORDS_URL, record_body(world["entitlement"]))
    assert_error(response, 404, "entitlement_not_found")
    assert not DeliveryRecord.objects.exists()


def test_a_fraction_of_a_ride_is_refused(world):
    body = assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"], units=1.5)),
        409,
        "units_whole",
    )
    assert "Ride is counted in whole units, not 1.5" in body["detail"]
    assert body["fields"]["units"]


@pytest.mark.parametrize("units", [0, -1, "2", True])
def test_units_that_are_not_a_positive_number_are_422(world, units):
    assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"], units=units)),
        422,
        "invalid",
    )


def test_over_the_allowance_is_refused_with_the_numbers(world):
    assert world["api"].post(RECORDS_URL, record_body(world["entitlement"], 3)).status_code == 201
    body = assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"], 2)), 409, "allowance"
    )
    month = today().strftime("%B %Y")
    assert (
        f"3 of 4 × ride allowed per month are used in {month}; 2 more would exceed it"
        in (body["detail"])
    )
    assert DeliveryRecord.objects.count() == 1


def test_a_locked_month_is_refused(make_staff, world):
    organiser = make_staff(Role.SERVICE_ORGANISER)
    last_month = previous_month(today())
    settlement_approve(contract=world["line"].contract, month=last_month, acting_user=organiser)
    body = assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"], day=last_month)),
        409,
        "locked",
    )
    assert "is settled and locked" in body["detail"]


def test_a_delivery_in_the_future_is_refused(world):
    tomorrow = today() + dt.timedelta(days=1)
    assert_error(
        world["api"].post(RECORDS_URL, record_body(world["entitlement"], day=tomorrow)),
        409,
        "future",
    )


# --- Correcting -------------------------------------------------------------------------------


def test_a_record_is_reversed_once(world):
    record = world["api"].post(RECORDS_URL, record_body(world["entitlement"], 2)).json()
    response = world["api"].post(correct_url(record), {"note": "Wrong day"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["units"] == -2
    assert body["corrects"] == record["id"]
    assert body["note"] == "Wrong day"
    again = world["api"].post(correct_url(record), {"note": "Again"})
    assert_error(again, 409, "reversed")
    assert_error(
        world["api"].post(correct_url(body), {"note": "Undo"}), 409, "correction_of_correction"
    )


def test_another_providers_record_cannot_be_corrected(world):
    record = world["api"].post(RECORDS_URL, record_body(world["entitlement"])).json()
    assert_error(
        world["other_api"].post(correct_url(record), {"note": "Not ours"}), 404, "record_not_found"
    )
    assert DeliveryRecord.objects.count() == 1


def test_a_correction_needs_a_note(world):
    record = world["api"].post(RECORDS_URL, record_body(world["entitlement"])).json()
    assert_error(world["api"].post(correct_url(record), {"note": "  "}), 422, "invalid")
    assert_error(world["api"].post(correct_url(record), {}), 422, "invalid")
