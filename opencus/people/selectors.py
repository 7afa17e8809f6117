"""Reads of the people registry that need scoping: who may see whom, and search.

Search runs on folded copies of the name, street and phone (``search.fill_search_fields``), as
prefix ranges that an ordinary B-tree index answers on SQLite and PostgreSQL alike:
``col >= 'kow' AND col < 'kox'``. The range alone may over-select under a linguistic collation
(PostgreSQL ignores punctuation at the first level), so a ``startswith`` filter keeps it exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from opencus.core.audit import audit_record
from opencus.core.identifiers import pesel_decode
from opencus.core.models import AuditAction, AuditEvent
from opencus.core.roles import has_capability
from opencus.core.text import fold
from opencus.people.capabilities import PERSON_SENSITIVE_VIEW
from opencus.people.models import (
    Consent,
    DisabilityCertificate,
    HealthNote,
    HouseholdMember,
    Person,
    Representative,
)
from opencus.people.search import normalise_phone

#: How many results the benchmark reads, as the first screen of live results would.
SEARCH_LIMIT = 50
#: Fewer letters than this match a large part of the registry: the page asks for more.
MIN_WORD_QUERY = 2


#: The search reads at most this many characters and words (a longer query is cut, not refused):
#: each word adds conditions, and a pasted paragraph must not become a huge SQL statement.
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 6


def _prefix(field: str, value: str) -> Q:
    if ord(value[-1]) >= 0x10FFFF:  # no character follows it: the prefix alone
        return Q(**{f"{field}__startswith": value})
    upper = value[:-1] + chr(ord(value[-1]) + 1)
    return Q(**{f"{field}__gte": value, f"{field}__lt": upper, f"{field}__startswith": value})


def person_search(*, user: Any, query: str) -> QuerySet[Person]:
    """People matching ``query`` by surname, first name, PESEL, phone or street.

    - 11 digits: the PESEL (or a phone number written with the country code);
    - other digits (at least 3): the start of a PESEL or of a phone number;
    - words (at least two letters in all): every word must start the surname, the first
      name or the street, in any order, ignoring case and Polish diacritics ("zolkiewski"
      finds "Żółkiewski"), or the words together must start the street ("armii krajowej");
      a number after a street name narrows to the building ("Ostrowiecka 12").

    Exact surname matches come first. Archived people are not returned.
    """

    people = Person.objects.visible_to(user).active()
    text = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return people.none()
    compact = re.sub(r"[\s\-+()]", "", text)
    if compact.isascii() and compact.isdigit():
        if len(compact) < 3:
            return people.none()
        condition = _prefix("pesel", compact)
        phone = normalise_phone(compact)
        if len(phone) >= 3:
            condition |= _prefix("phone_digits", phone)
        return people.filter(condition)
    words = [w for w in re.split(r"[\s,]+", fold(text)) if w][:MAX_QUERY_WORDS]
    numbers = [w for w in words if w[0].isdigit()]
    names = [w for w in words if not w[0].isdigit()]
    if not names or len("".join(names)) < MIN_WORD_QUERY:
        return people.none()
    for index, word in enumerate(names):
        condition = (
            _prefix("last_name_folded", word)
            | _prefix("first_name_folded", word)
            | _prefix("street_folded", word)
        )
        # A street of several words ("Armii Krajowej", "Jana Pawła II") is typed as one phrase:
        # a later word may continue the street the words before it began. Each word stays an
        # OR of index ranges, so SQLite and PostgreSQL still answer from the indexes; one OR of
        # the whole phrase around all the words would make SQLite scan the table.
        for start in range(index):
            condition |= _prefix("street_folded", " ".join(names[start : index + 1]))
        people = people.filter(condition)
    for number in numbers:
        people = people.filter(building_number__iexact=number)
    first = names[0]
    return people.annotate(
        rank=Case(
            When(last_name_folded=first, then=Value(0)),
            When(last_name_folded__startswith=first, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "last_name_folded", "first_name_folded", "id")


def similar_people(
    *, user: Any, first_name: str, last_name: str, birth_date: Any, exclude_pk: int | None = None
) -> QuerySet[Person]:
    """Registered people with the same name and birth date: a likely duplicate registration."""

    people = Person.objects.visible_to(user).filter(
        last_name_folded=fold(last_name),
        first_name_folded=fold(first_name),
        birth_date=birth_date,
    )
    if exclude_pk is not None:
        people = people.exclude(pk=exclude_pk)
    return people


def registration_lookalikes(*, user: Any, fields: dict[str, Any], limit: int = 5) -> list[Person]:
    """Registered people who may be the one being registered: the same name and birth date
    (from the PESEL when there is one). Someone with the same PESEL is not a lookalike: that
    registration is refused outright (``services.person_register``)."""

    pesel = fields.get("pesel") or None
    birth_date = pesel_decode(pesel).birth_date if pesel else fields.get("birth_date")
    if birth_date is None:
        return []
    people = similar_people(
        user=user,
        first_name=fields["first_name"],
        last_name=fields["last_name"],
        birth_date=birth_date,
    )
    if pesel:
        people = people.exclude(pesel=pesel)
    return list(people[:limit])


@dataclass(frozen=True)
class PersonCard:
    """What the person card shows, read in a fixed number of queries."""

    person: Person
    household: list[HouseholdMember]
    own_link: HouseholdMember | None
    representatives: list[Representative]
    represents: list[Representative]
    consents: list[Consent]


def person_card(*, user: Any, pk: int) -> PersonCard:
    """The card of a visible person; anyone else is a 404 (``visible_to``)."""

    person = get_object_or_404(Person.objects.visible_to(user), pk=pk)
    own_link = (
        HouseholdMember.objects.select_related("household")
        .filter(person=person, left_on__isnull=True)
        .first()
    )
    household = (
        list(
            HouseholdMember.objects.filter(household_id=own_link.household_id)
            .exclude(pk=own_link.pk)
            .select_related("person")
            .order_by("left_on", "joined_on", "id")
        )
        if own_link
        else []
    )
    representatives = list(
        Representative.objects.filter(person=person)
        .select_related("representative")
        .order_by("valid_to", "-valid_from", "id")
    )
    represents = list(
        Representative.objects.filter(representative=person)
        .select_related("person")
        .order_by("valid_to", "-valid_from", "id")
    )
    consents = list(
        Consent.objects.filter(person=person)
        .select_related("given_by_representative__representative")
        .order_by("withdrawn_at", "-given_at")
    )
    return PersonCard(person, household, own_link, representatives, represents, consents)


@dataclass(frozen=True)
class SpecialCategoryData:
    certificates: list[DisabilityCertificate]
    health_notes: list[HealthNote]


def person_special_data(*, user: Any, person: Person) -> SpecialCategoryData:
    """Special-category data (GDPR art. 9) of a person, for the roles allowed to read it.

    Every read writes an audit row (who, whose data, when, from where); a role without the
    capability gets ``PermissionDenied`` and nothing is read.
    """

    if not has_capability(user, PERSON_SENSITIVE_VIEW):
        raise PermissionDenied
    data = SpecialCategoryData(
        certificates=list(
            DisabilityCertificate.objects.filter(person=person)
            .select_related("recorded_by")
            .order_by("withdrawn_at", "-issued_on")
        ),
        health_notes=list(
            HealthNote.objects.filter(person=person)
            .select_related("recorded_by")
            .order_by("withdrawn_at", "-recorded_at")
        ),
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=person,
        changes={
            "certificates": len(data.certificates),
            "health_notes": len(data.health_notes),
        },
    )
    return data


def person_archive_event(*, person: Person) -> AuditEvent | None:
    """The audit row of the person's latest archiving or restoring (who, when, why)."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            object_id=str(person.pk),
            action=AuditAction.TRANSITION,
            changes__has_key="archived_at",
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
