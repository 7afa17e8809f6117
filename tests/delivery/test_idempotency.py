"""Deliveries are recorded once (issue 9, item 11): a second tap on "Record" sends the form's
one-time token again and records nothing; the same file uploaded again is refused with a
message; an API call repeated with its Idempotency-Key answers with the first record. The
confirmation stays next to the row just recorded, where a phone has scrolled to. When nothing
is left of a client's allowance the page says so and offers no button (item 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import Unit
from opencus.delivery.errors import DeliveryAlreadyRecorded, DeliveryError
from opencus.delivery.models import DeliveryImport, DeliveryRecord
from opencus.delivery.services import delivery_record
from tests.api.test_delivery_api import RECORDS_URL, key_of, record_body
from tests.delivery.factories import entitlement_make
from tests.people.factories import PersonFactory
from tests.personas import Personas, login

pytestmark = pytest.mark.django_db

MONTHLY_4 = [{"units": 4, "unit": Unit.RIDE, "period": "month"}]


@pytest.fixture
def world(personas: Personas) -> dict[str, Any]:
    helena = PersonFactory.create(first_name="Helena", last_name="Wiśniewska")
    entitlement = entitlement_make(line=personas.line, person=helena, allowances=MONTHLY_4)
    return {"entitlement": entitlement, "personas": personas, "staff": personas.owner}


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def token_of(page: str, entitlement: Any) -> str:
    section = page[page.index(f'id="client-{entitlement.pk}"') :]
    found = re.search(r'name="token" value="([^"]+)"', section)
    assert found, "the row's form carries a one-time token"
    return found.group(1)


def tap(client: Client, entitlement: Any, token: str, units: str = "1") -> Any:
    return client.post(
        reverse("delivery:provider_today"),
        {"entitlement": str(entitlement.uuid), "units": units, "token": token},
        follow=True,
    )


def test_a_second_tap_on_record_records_once(world):
    client = english(login(world["staff"]))
    entitlement = world["entitlement"]
    page = client.get(reverse("delivery:provider_today")).content.decode()
    token = token_of(page, entitlement)
    first = tap(client, entitlement, token)
    assert "Recorded 1 × ride for Helena Wiśniewska" in first.content.decode()
    second = tap(client, entitlement, token)
    assert second.status_code == 200
    assert "This delivery was already recorded" in second.content.decode()
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    # The page after recording has a new token: the next delivery is recorded.
    fresh = token_of(first.content.decode(), entitlement)
    assert fresh != token
    tap(client, entitlement, fresh)
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 2


def test_the_confirmation_is_shown_in_the_row_just_recorded(world):
    client = english(login(world["staff"]))
    entitlement = world["entitlement"]
    response = client.post(
        reverse("delivery:provider_today"),
        {"entitlement": str(entitlement.uuid), "units": "1", "token": "a" * 24},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#client-{entitlement.pk}")
    page = client.get(response["Location"]).content.decode()
    row = page[page.index(f'id="client-{entitlement.pk}"') :]
    row = row[: row.index("</section>")]
    assert 'role="status"' in row and "Recorded 1 × ride for Helena" in row
    # Shown once: a reload does not repeat it.
    assert "Recorded 1 × ride" not in client.get(response["Location"]).content.decode()


def test_a_spoilt_token_is_a_message_next_to_the_row(world):
    response = tap(english(login(world["staff"])), world["entitlement"], "<script>")
    assert "The page is out of date: reload it and record again." in response.content.decode()
    assert not DeliveryRecord.objects.exists()


def test_the_token_is_one_per_user(world):
    entitlement = world["entitlement"]
    day = timezone.localdate()
    delivery_record(
        entitlement=entitlement,
        delivered_on=day,
        units=1,
        acting_user=world["staff"],
        request_key="same-key-123",
    )
    delivery_record(
        entitlement=entitlement,
        delivered_on=day,
        units=1,
        acting_user=world["personas"].colleague,
        request_key="same-key-123",
    )
    with pytest.raises(DeliveryAlreadyRecorded):
        delivery_record(
            entitlement=entitlement,
            delivered_on=day,
            units=1,
            acting_user=world["staff"],
            request_key="same-key-123",
        )
    with pytest.raises(DeliveryError) as refused:
        delivery_record(
            entitlement=entitlement,
            delivered_on=day,
            units=2,
            acting_user=world["staff"],
            request_key="same-key-123",
        )
    assert refused.value.code == "key_reused"
    assert DeliveryRecord.objects.count() == 2


def test_a_used_up_allowance_says_so_and_offers_no_button(world):
    client = english(login(world["staff"]))
    entitlement = world["entitlement"]
    delivery_record(
        entitlement=entitlement,
        delivered_on=timezone.localdate(),
        units=4,
        acting_user=world["staff"],
    )
    page = client.get(reverse("delivery:provider_today")).content.decode()
    row = page[page.index(f'id="client-{entitlement.pk}"') :]
    row = row[: row.index("</section>")]
    assert "Nothing is left: all 4 × ride of" in row
    assert "<button" not in row and 'name="units"' not in row


# --- Import -----------------------------------------------------------------------------------


def test_the_same_file_uploaded_again_is_refused(world):
    client = english(login(world["staff"]))
    entitlement = world["entitlement"]
    day = timezone.localdate().strftime("%d.%m.%Y")
    content = f"numer_uprawnienia;data;jednostki\r\n{entitlement.pk};{day};1\r\n".encode()

    def upload() -> Any:
        return client.post(
            reverse("delivery:provider_import"),
            {"file": SimpleUploadedFile("month.csv", content)},
            follow=True,
        )

    assert "1 deliveries were recorded" in upload().content.decode()
    again = upload().content.decode()
    assert "This file was already imported on" in again
    assert "nothing was recorded again" in again
    assert DeliveryRecord.objects.filter(entitlement=entitlement).count() == 1
    assert DeliveryImport.objects.get().rows == 1


def test_a_refused_file_is_not_remembered(world):
    client = english(login(world["staff"]))
    content = b"numer_uprawnienia;data;jednostki\r\n999999;01.01.2026;1\r\n"
    for _attempt in range(2):
        page = client.post(
            reverse("delivery:provider_import"),
            {"file": SimpleUploadedFile("month.csv", content)},
        ).content.decode()
        assert "there is no entitlement number" in page
    assert not DeliveryImport.objects.exists()


# --- API --------------------------------------------------------------------------------------


def test_the_api_records_once_per_idempotency_key(world):
    api = key_of(world["staff"])
    body = record_body(world["entitlement"])
    headers = {"Idempotency-Key": "0b7d7a0e-6a43-4c7d-9d1e-1c1a0f6f3a11"}

    def post(payload: dict[str, Any]) -> Any:
        return api.client.post(
            RECORDS_URL,
            payload,
            content_type="application/json",
            headers={**api.headers, **headers},
        )

    first = post(body)
    assert first.status_code == 201, first.content
    again = post(body)
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert DeliveryRecord.objects.count() == 1
    other = post({**body, "units": 2})
    assert other.status_code == 409 and other.json()["code"] == "key_reused"
    headers["Idempotency-Key"] = "bad key!"
    assert post(body).status_code == 422
    assert DeliveryRecord.objects.count() == 1
