"""The staff search over the people registry (people.selectors.person_search)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from opencus.core.identifiers import pesel_make
from opencus.core.registry import capability_roles
from opencus.core.roles import Role
from opencus.people.capabilities import PERSON_VIEW
from opencus.people.models import Person
from opencus.people.search import fill_search_fields, normalise_phone
from opencus.people.selectors import person_search

pytestmark = pytest.mark.django_db

_serials = itertools.count(1)


def make_person(**fields: Any) -> Person:
    """A person saved the way the services save one: search fields filled from the names."""
    serial = next(_serials)
    born = fields.pop("birth_date", dt.date(1950, 1, 1) + dt.timedelta(days=serial))
    sex = fields.pop("sex", "F")
    fields.setdefault("first_name", "Anna")
    fields.setdefault("last_name", "Nowak")
    fields.setdefault("pesel", pesel_make(born, serial, sex))
    person = Person(birth_date=born, sex=sex, **fields)
    fill_search_fields(person)
    person.save()
    return person


@pytest.fixture
def clerk(make_staff: Callable[..., User]) -> User:
    return make_staff(Role.CLIENT_OFFICE)


def found(user: Any, query: str) -> list[Person]:
    return list(person_search(user=user, query=query))


# --- Names, ignoring case and Polish diacritics ----------------------------------------------


@pytest.mark.parametrize("query", ["zolkiewski", "ŻÓŁKIEWSKI", "Żółkiewski", "zółk", "ZOLK"])
def test_surname_is_found_without_diacritics_and_in_any_case(clerk, query):
    hetman = make_person(first_name="Stanisław", last_name="Żółkiewski", sex="M")
    make_person(first_name="Jan", last_name="Zalewski", sex="M")

    assert found(clerk, query) == [hetman]


def test_first_name_is_found_without_diacritics(clerk):
    lukasz = make_person(first_name="Łukasz", last_name="Wiśniewski", sex="M")
    make_person(first_name="Lucjan", last_name="Wiśniewski", sex="M")

    assert found(clerk, "lukasz") == [lukasz]
    assert found(clerk, "ŁUKASZ") == [lukasz]


@pytest.mark.parametrize("query", ["Jan Kowalski", "Kowalski Jan", "kowalski  JAN", "jan kow"])
def test_first_and_last_name_in_either_order(clerk, query):
    jan = make_person(first_name="Jan", last_name="Kowalski", sex="M")
    make_person(first_name="Piotr", last_name="Kowalski", sex="M")
    make_person(first_name="Jan", last_name="Nowak", sex="M")

    assert found(clerk, query) == [jan]


def test_every_word_must_match(clerk):
    make_person(first_name="Jan", last_name="Kowalski", sex="M")

    assert found(clerk, "Jan Zieliński") == []


def test_word_must_start_the_name_not_appear_inside_it(clerk):
    make_person(first_name="Jan", last_name="Kowalski", sex="M")

    assert found(clerk, "walski") == []


def test_exact_surname_comes_before_prefix_matches_and_other_fields(clerk):
    # Alphabetically Adamczyk would come first; the surname ranking must beat that.
    on_the_street = make_person(first_name="Ewa", last_name="Adamczyk", street="Kowalska")
    prefix = make_person(first_name="Adam", last_name="Kowalczyk", sex="M")
    exact_b = make_person(first_name="Zofia", last_name="Kowal")
    exact_a = make_person(first_name="Barbara", last_name="Kowal")

    assert found(clerk, "kowal") == [exact_a, exact_b, prefix, on_the_street]


# --- PESEL ------------------------------------------------------------------------------------


def test_full_pesel_finds_the_person(clerk):
    person = make_person(pesel="44051401359", birth_date=dt.date(1944, 5, 14), sex="M")
    make_person(pesel="44051401458", birth_date=dt.date(1944, 5, 14), sex="M")

    assert found(clerk, "44051401359") == [person]
    assert found(clerk, " 44051401359 ") == [person]


def test_pesel_prefix_finds_everyone_born_that_day(clerk):
    first = make_person(
        first_name="Adam", pesel="44051401359", birth_date=dt.date(1944, 5, 14), sex="M"
    )
    second = make_person(
        first_name="Bogdan", pesel="44051401458", birth_date=dt.date(1944, 5, 14), sex="M"
    )
    make_person(pesel="02270803624", birth_date=dt.date(2002, 7, 8))

    assert set(found(clerk, "440514")) == {first, second}
    assert found(clerk, "4405140135") == [first]


def test_fewer_than_three_digits_find_nobody(clerk):
    make_person(pesel="44051401359", birth_date=dt.date(1944, 5, 14), sex="M")

    assert found(clerk, "44") == []


# --- Phone ------------------------------------------------------------------------------------


def test_phone_is_stored_without_the_country_code():
    assert normalise_phone("+48 533 848 489") == "533848489"
    assert normalise_phone("0048 533-848-489") == "533848489"
    assert normalise_phone("533848489") == "533848489"
    assert normalise_phone("41 274 23 14") == "412742314"


@pytest.mark.parametrize(
    "query", ["533848489", "533 848 489", "533-848-489", "48533848489", "0048533848489", "533848"]
)
def test_phone_is_found_however_it_is_typed(clerk, query):
    person = make_person(phone="+48 533 848 489")
    make_person(phone="600 100 200")

    assert found(clerk, query) == [person]


@pytest.mark.parametrize("query", ["+48 533 848 489", "+48533848489", "+48 533-848-489"])
def test_phone_with_a_plus_country_code_is_found(clerk, query):
    person = make_person(phone="533848489")
    make_person(phone="600 100 200")

    assert found(clerk, query) == [person]


# --- Street -----------------------------------------------------------------------------------


def test_street_without_number_finds_everyone_on_it(clerk):
    at_12 = make_person(first_name="Anna", street="Ostrowiecka", building_number="12")
    at_14 = make_person(first_name="Beata", street="Ostrowiecka", building_number="14")
    make_person(first_name="Celina", street="Radomska", building_number="12")

    assert found(clerk, "Ostrowiecka") == [at_12, at_14]


@pytest.mark.parametrize("query", ["Ostrowiecka 12", "ostrowiecka 12", "12 Ostrowiecka"])
def test_street_with_building_number_narrows_to_the_building(clerk, query):
    at_12 = make_person(first_name="Anna", street="Ostrowiecka", building_number="12")
    make_person(first_name="Beata", street="Ostrowiecka", building_number="14")
    make_person(first_name="Celina", street="Radomska", building_number="12")

    assert found(clerk, query) == [at_12]


def test_street_with_diacritics_and_a_letter_in_the_number(clerk):
    person = make_person(street="Żeromskiego", building_number="5A")
    make_person(street="Żeromskiego", building_number="5")

    assert found(clerk, "zeromskiego 5a") == [person]


# --- Scope ------------------------------------------------------------------------------------


def test_archived_people_are_not_returned(clerk):
    make_person(last_name="Żółkiewski", pesel="44051401359", birth_date=dt.date(1944, 5, 14))
    Person.objects.update(archived_at=timezone.now())

    assert found(clerk, "zolkiewski") == []
    assert found(clerk, "44051401359") == []


def test_blank_query_finds_nobody(clerk):
    make_person()

    assert found(clerk, "") == []
    assert found(clerk, "   ") == []


@pytest.mark.parametrize(
    "role", sorted(set(Role) - capability_roles(PERSON_VIEW)) + [None], ids=str
)
def test_user_without_person_view_finds_nobody(make_staff, role):
    make_person(last_name="Żółkiewski", pesel="44051401359", birth_date=dt.date(1944, 5, 14))
    user = make_staff(role) if role else make_staff()

    assert found(user, "zolkiewski") == []
    assert found(user, "44051401359") == []


def test_anonymous_user_finds_nobody():
    make_person(last_name="Żółkiewski")

    assert found(AnonymousUser(), "zolkiewski") == []


@pytest.mark.parametrize("role", sorted(capability_roles(PERSON_VIEW)), ids=str)
def test_every_role_with_person_view_finds_people(make_staff, role):
    person = make_person(last_name="Żółkiewski")

    assert found(make_staff(role), "zolkiewski") == [person]


@pytest.mark.parametrize(
    "query", ["Armii Krajowej", "armii krajowej 12", "Armii Kraj", "Jana Pawła II 12"]
)
def test_street_of_several_words_typed_whole(clerk, query):
    armii_krajowej = make_person(street="Armii Krajowej", building_number="12")
    jana_pawla = make_person(street="Jana Pawła II", building_number="12")
    make_person(street="Krajowa", building_number="12")

    assert found(clerk, query) == [jana_pawla if "jana" in query.lower() else armii_krajowej]


@pytest.mark.parametrize("query", ["Kowalski Armii Krajowej", "Armii Krajowej Kowalski 12"])
def test_surname_with_a_street_of_several_words(clerk, query):
    kowalski = make_person(last_name="Kowalski", street="Armii Krajowej", building_number="12")
    make_person(last_name="Nowak", street="Armii Krajowej", building_number="12")
    make_person(last_name="Kowalski", street="Krajowa", building_number="12")

    assert found(clerk, query) == [kowalski]


def test_a_pasted_paragraph_or_the_last_unicode_character_finds_safely(clerk):
    hetman = make_person(first_name="Stanisław", last_name="Żółkiewski", sex="M")
    assert found(clerk, "zolk\U0010ffff") == []
    assert found(clerk, "\U0010ffff\U0010ffff") == []
    # Only the first words and characters count: a long paste is cut, not turned into SQL.
    assert found(clerk, "zolk stan " + "ab " * 2000) == []
    assert found(clerk, "zolk stan" + " " * 200 + "zzz") == [hetman]
