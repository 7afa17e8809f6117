"""Bad data is refused wherever it comes in (issue 9, item 17): the checks live in one place
(``core.identifiers`` validators, ``Person.clean``, the services) and the staff form, the
public form and the services share them. The error summary names each field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.identifiers import (
    validate_birth_date,
    validate_building_number,
    validate_country_code,
    validate_phone,
)
from opencus.core.roles import Role
from opencus.people.models import Person, Representative
from tests.catalog.factories import ProgrammeServiceFactory
from tests.people.factories import PersonFactory
from tests.people.test_person_pages import registration
from tests.portal.conftest import application_data

pytestmark = pytest.mark.django_db

WITHOUT_PESEL = {
    "pesel": "",
    "id_document_type": "passport",
    "id_document_number": "FA123456",
    "id_document_country": "UA",
    "birth_date_day": "3",
    "birth_date_month": "9",
    "birth_date_year": "1987",
    "sex": "F",
}


@pytest.mark.parametrize(
    ("changes", "summary"),
    [
        ({"phone": "abc"}, "Phone: enter a phone number"),
        ({"phone": "12"}, "Phone: enter a phone number"),
        ({"citizenship": "ZZ"}, "Citizenship: enter a two-letter country code (ISO 3166)"),
        (
            {**WITHOUT_PESEL, "id_document_country": "XX"},
            "Country that issued the document: enter a two-letter country code",
        ),
        ({**WITHOUT_PESEL, "birth_date_year": "1850"}, "Date of birth: check the date of birth"),
        ({"building_number": "-5"}, "Building number: enter a building number"),
        ({"flat_number": "0"}, "Flat number: enter a flat number"),
        ({"postcode": "", "street": ""}, "Postcode: enter the postcode."),
        ({"building_number": ""}, "Building number: enter the building number."),
        ({"locality": ""}, "Locality: enter the locality."),
    ],
    ids=[
        "phone-letters",
        "phone-short",
        "citizenship",
        "document-country",
        "born-1850",
        "house-number",
        "flat-number",
        "no-postcode",
        "no-building",
        "no-locality",
    ],
)
def test_bad_data_is_refused_on_the_staff_form_with_the_field_named(english_as, changes, summary):
    response = english_as(Role.CLIENT_OFFICE).post(
        reverse("people:create"), registration(**changes)
    )
    assert response.status_code == 400
    assert summary in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize("phone", ["533 848 489", "+48 41 274 12 34", "+380 67 123 4567"])
def test_polish_and_foreign_phone_numbers_are_accepted(english_as, phone):
    response = english_as(Role.CLIENT_OFFICE).post(
        reverse("people:create"), registration(phone=phone)
    )
    assert response.status_code == 302
    assert Person.objects.get().phone == phone


def test_a_village_address_needs_no_street_and_the_locality_takes_its_place(english_as):
    response = english_as(Role.CLIENT_OFFICE).post(
        reverse("people:create"),
        registration(street="", building_number="5", postcode="27-220", locality="Mirzec"),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.street_line == "Mirzec 5"
    assert person.place_line == "27-220 Mirzec"
    assert person.address_line == "Mirzec 5, 27-220 Mirzec"


def test_someone_with_no_address_at_all_can_still_be_registered(english_as):
    empty = {"street": "", "building_number": "", "postcode": "", "locality": ""}
    response = english_as(Role.CLIENT_OFFICE).post(reverse("people:create"), registration(**empty))
    assert response.status_code == 302


def test_the_public_form_refuses_the_same_bad_data(client):
    service = ProgrammeServiceFactory.create()
    for changes, message in [
        ({"phone": "abc"}, "Enter a phone number"),
        (
            {
                "pesel": "",
                "id_document_type": "passport",
                "id_document_number": "FA1",
                "id_document_country": "XX",
                "birth_date_day": "3",
                "birth_date_month": "9",
                "birth_date_year": "1987",
                "sex": "F",
            },
            "two-letter country code (ISO 3166)",
        ),
        ({"building_number": "-5"}, "Enter a building number"),
        ({"postcode": "", "street": ""}, "Enter the postcode"),
    ]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(reverse("portal:apply"), application_data(service, **changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    assert not Person.objects.exists()


def test_a_representative_from_a_future_date_is_refused(english_as):
    person, representative = PersonFactory.create(), PersonFactory.create()
    year = timezone.localdate().year + 73
    response = english_as(Role.CLIENT_OFFICE).post(
        reverse("people:representative_add", args=[person.pk]),
        {
            "identifier": representative.pesel,
            "kind": "legal",
            "valid_from_day": "1",
            "valid_from_month": "1",
            "valid_from_year": str(year),
        },
    )
    assert response.status_code == 400
    assert "From: the date cannot be in the future." in response.content.decode()
    assert not Representative.objects.exists()


def test_the_error_summary_names_each_field_in_polish(client_as):
    response = client_as(Role.CLIENT_OFFICE).post(
        reverse("people:create"), registration(first_name="", last_name="")
    )
    page = response.content.decode()
    assert "Imię: to pole jest wymagane." in page
    assert "Nazwisko: to pole jest wymagane." in page


def test_a_dates_example_fits_the_field() -> None:
    class Dates(GovukForm):
        born = GovukDateField(label="Born", example=GovukDateField.BIRTH)
        starts = GovukDateField(label="Starts")

    today = timezone.localdate()
    with translation.override("en"):
        parts = {"day": "31", "month": "2", "year": "2020"}
        form = Dates(
            {f"{name}_{part}": v for name in ("born", "starts") for part, v in parts.items()}
        )
        assert not form.is_valid()
        assert form.errors["born"] == ["Enter a real date, for example 27 3 1950."]
        assert form.errors["starts"] == [
            f"Enter a real date, for example {today.day} {today.month} {today.year}."
        ]


@pytest.mark.parametrize(
    ("validator", "good", "bad"),
    [
        (validate_phone, ["533848489", "+48533848489", "41 274 12 34"], ["abc", "12", "+48 1"]),
        (validate_country_code, ["PL", "UA", "DE"], ["ZZ", "XX", "pl", "POL", ""]),
        (validate_building_number, ["5", "12A", "115/117", "7b"], ["-5", "0", "A", "5 5", ""]),
    ],
)
def test_the_shared_validators(validator: Any, good: list[str], bad: list[str]) -> None:
    for value in good:
        validator(value)
    for value in bad:
        with pytest.raises(ValidationError):
            validator(value)


def test_a_date_of_birth_is_plausible() -> None:
    today = timezone.localdate()
    validate_birth_date(today)
    validate_birth_date(dt.date(today.year - 110, 1, 1))
    for day in (today + dt.timedelta(days=1), dt.date(1850, 1, 1)):
        with pytest.raises(ValidationError):
            validate_birth_date(day)
