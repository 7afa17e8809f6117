"""TERYT codes of addresses in the centre's municipality: a person registered or edited with a
Starachowice locality and postcode gets the municipality's TERC (and SIMC, where the centre
keeps one), so the "resident" eligibility rule can be checked; other addresses are left for
the clerk to code."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from opencus.people.services import municipality_codes, person_register, person_update
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

PESEL = "44051401359"


def fields(**changes: Any) -> dict[str, Any]:
    data = {
        "first_name": "Stanisław",
        "last_name": "Żółkiewski",
        "pesel": PESEL,
        "street": "Radomska",
        "building_number": "7",
        "postcode": "27-200",
        "locality": "Starachowice",
        "terc": "",
        "simc": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("locality", "postcode", "expected"),
    [
        ("Starachowice", "27-200", ("2611011", "")),
        (" starachowice ", "27-215", ("2611011", "")),
        ("Starachowice", "", None),
        ("Starachowice", "25-001", None),
        ("Wąchock", "27-215", None),
        ("", "27-200", None),
    ],
)
def test_municipality_codes_come_from_the_locality_and_postcode(locality, postcode, expected):
    assert municipality_codes(locality=locality, postcode=postcode) == expected


def test_a_starachowice_address_is_registered_with_its_terc(clerk):
    person = person_register(acting_user=clerk, fields=fields())
    assert (person.terc, person.simc) == ("2611011", "")


def test_the_simc_is_filled_when_the_centre_keeps_one(clerk, settings):
    settings.OPENCUS_MUNICIPALITY_SIMC = "0947744"
    person = person_register(acting_user=clerk, fields=fields())
    assert (person.terc, person.simc) == ("2611011", "0947744")


def test_an_address_elsewhere_is_left_without_codes_and_a_typed_code_stays(clerk):
    elsewhere = person_register(
        acting_user=clerk, fields=fields(locality="Wąchock", postcode="27-215")
    )
    assert elsewhere.terc == ""
    typed = person_register(
        acting_user=clerk,
        fields=fields(
            pesel="",
            id_document_type="passport",
            id_document_number="FA1",
            id_document_country="UA",
            birth_date=elsewhere.birth_date,
            sex="M",
            terc="2611022",
        ),
    )
    assert typed.terc == "2611022"


def test_an_edit_fills_a_missing_terc(clerk):
    person = PersonFactory.create(terc="", locality="Wąchock", postcode="27-215")
    data = {name: getattr(person, name) for name in ("first_name", "last_name", "pesel")}
    updated = person_update(
        person=person,
        acting_user=clerk,
        fields={**data, "locality": "Starachowice", "postcode": "27-200", "terc": ""},
    )
    assert updated.terc == "2611011"


def test_the_migration_fills_people_registered_without_the_code():
    migration = importlib.import_module("opencus.people.migrations.0003_fill_municipality_terc")
    here = PersonFactory.create(terc="", locality="Starachowice", postcode="27-200")
    elsewhere = PersonFactory.create(terc="", locality="Wąchock", postcode="27-215")
    migration.fill(apps, None)
    here.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (here.terc, elsewhere.terc) == ("2611011", "")
