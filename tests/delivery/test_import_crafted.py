"""Crafted values in a provider's import file are refused with a row message, never a 500
(issue 9, item 6): odd digits, numbers past any identifier, huge cells in every column."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencus.catalog.models import Unit
from opencus.core.roles import Role
from opencus.delivery.models import DeliveryRecord
from tests.delivery.factories import entitlement_make, line_make, staff_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff: Any) -> dict[str, Any]:
    line = line_make(unit=Unit.RIDE)
    entitlement = entitlement_make(line=line)
    staff = make_staff(Role.PROVIDER_STAFF)
    staff_link(staff, line)
    client = Client()
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return {"entitlement": entitlement, "client": client}


def upload(world: dict[str, Any], row: list[str]) -> Any:
    text = "numer_uprawnienia;data;jednostki;uwagi\r\n" + ";".join(row) + "\r\n"
    return world["client"].post(
        reverse("delivery:provider_import"),
        {"file": SimpleUploadedFile("m.csv", text.encode("utf-8"))},
    )


@pytest.mark.parametrize(
    "number",
    ["²", "١٢", "１２", "9" * 30, "9" * 5000, "9223372036854775808", "-1", "0", "1e3", "1.5"],
    ids=[
        "superscript",
        "arabic",
        "fullwidth",
        "30 digits",
        "5000 digits",
        "bigint+1",
        "neg",
        "zero",
        "exponent",
        "fraction",
    ],
)
def test_a_crafted_entitlement_number_is_a_row_message(world, number):
    day = timezone.localdate().strftime("%d.%m.%Y")
    response = upload(world, [number, day, "1", ""])
    assert response.status_code == 200
    body = response.content.decode()
    assert "row 2" in body
    assert "there is no entitlement number" in body
    assert len(body) < 60_000  # a 5,000-digit value is not echoed whole
    assert not DeliveryRecord.objects.exists()


@pytest.mark.parametrize(
    "column, value",
    [
        ("date", "9" * 5000),
        ("date", "31.02.2026"),
        ("date", "²².01.2026"),
        ("date", "99999-01-01"),
        ("units", "9" * 5000),
        ("units", "1e999999"),
        ("units", "NaN"),
        ("units", "-Infinity"),
        ("units", "²"),
        ("note", "x" * 100_000),
    ],
)
def test_crafted_values_in_other_columns_are_row_messages(world, column, value):
    row = {
        "entitlement": str(world["entitlement"].pk),
        "date": timezone.localdate().strftime("%d.%m.%Y"),
        "units": "1",
        "note": "",
    }
    row[column] = value
    response = upload(world, [row["entitlement"], row["date"], row["units"], row["note"]])
    assert response.status_code == 200
    assert "row 2" in response.content.decode()
    assert not DeliveryRecord.objects.exists()


def test_a_null_character_refuses_the_file(world):
    response = upload(world, [str(world["entitlement"].pk), "01.01.2026", "1", "a\x00b"])
    assert response.status_code == 200
    assert "The file is not a CSV or XLSX file." in response.content.decode()
    assert not DeliveryRecord.objects.exists()
