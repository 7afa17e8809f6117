"""Crafted values sent to ``POST /api/delivery/records`` (issue 9, item 6): odd digits,
identifiers past any row, huge numbers and texts are a 404, 409 or 422, never a 500, and
nothing is recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest

from opencus.delivery.models import DeliveryRecord
from tests.api.test_delivery_api import RECORDS_URL, record_body, world  # noqa: F401

pytestmark = pytest.mark.django_db


def post_raw(world: dict[str, Any], text: str) -> Any:  # noqa: F811
    api = world["api"]
    return api.client.post(RECORDS_URL, text, content_type="application/json", headers=api.headers)


@pytest.mark.parametrize(
    "field, value",
    [
        ("entitlement_id", "²"),
        ("entitlement_id", "9" * 30),
        ("entitlement_id", 10**30),
        ("entitlement_id", -1),
        ("entitlement_id", 1.5),
        ("entitlement_uuid", "²"),
        ("delivered_on", "²²²²-01-01"),
        ("delivered_on", "9" * 5000),
        ("units", "9" * 5000),
        ("units", 1e308),
        ("units", "NaN"),
        ("note", "x" * 100_000),
        ("note", "a\x00b"),
    ],
)
def test_crafted_values_are_refused(world, field, value):  # noqa: F811
    body = record_body(world["entitlement"])
    if field == "entitlement_uuid":
        body.pop("entitlement_id")
    body[field] = value
    response = post_raw(world, json.dumps(body))
    assert response.status_code in {404, 409, 422}, response.content
    assert not DeliveryRecord.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        '{"entitlement_id": 1' + "0" * 5000 + ', "delivered_on": "2026-01-01", "units": 1}',
        '{"entitlement_id": 1, "delivered_on": "2026-01-01", "units": Infinity}',
        '{"entitlement_id": 1, "delivered_on": "2026-01-01", "units": 1e999}',
    ],
    ids=["5000-digit id", "Infinity", "1e999"],
)
def test_crafted_json_numbers_are_refused(world, text):  # noqa: F811
    response = post_raw(world, text)
    assert response.status_code in {400, 404, 409, 422}, response.content
    assert not DeliveryRecord.objects.exists()
