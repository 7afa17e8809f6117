"""Fixtures of the portal tests: a visitor reading the pages in English, and valid form data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from opencus.core.identifiers import pesel_make

HELENA_BIRTH = dt.date(1947, 2, 3)
HELENA_PESEL = pesel_make(HELENA_BIRTH, 123, "F")


@pytest.fixture
def visitor() -> Client:
    """An anonymous resident reading the site in English (the site is Polish by default)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def application_data(*services: Any, **changes: Any) -> dict[str, Any]:
    """What a resident with a PESEL types into the online application."""
    data: dict[str, Any] = {
        "first_name": "Helena",
        "last_name": "Wiśniewska",
        "pesel": HELENA_PESEL,
        "id_document_type": "",
        "id_document_number": "",
        "id_document_country": "",
        "birth_date_day": "",
        "birth_date_month": "",
        "birth_date_year": "",
        "phone": "533 111 222",
        "email": "helena@example.org",
        "street": "Radomska",
        "building_number": "5",
        "flat_number": "2",
        "postcode": "27-200",
        "locality": "Starachowice",
        "services": [service.pk for service in services],
        "consent_services": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
