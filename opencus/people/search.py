"""The folded copies of a person's fields that search runs on (no diacritics, lower case).

Every write of a person's name, street or phone goes through ``fill_search_fields`` (the
services, the demo seed and the benchmark all call it), so "zolkiewski" finds "Żółkiewski".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencus.core.text import digits, fold

if TYPE_CHECKING:
    from opencus.people.models import Person


def fill_search_fields(person: Person) -> None:
    person.last_name_folded = fold(person.last_name)
    person.first_name_folded = fold(person.first_name)
    person.street_folded = fold(person.street)
    person.phone_digits = normalise_phone(person.phone)


def normalise_phone(text: str) -> str:
    """Digits of a phone number without the Polish country code: "+48 533-848-489" → 533848489."""
    number = digits(text)
    if len(number) == 11 and number.startswith("48"):
        return number[2:]
    if len(number) == 13 and number.startswith("0048"):
        return number[4:]
    return number
