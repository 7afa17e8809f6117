"""What the people registry adds to core's registries (called from ``PeopleConfig.ready``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_people_register
from opencus.core.formatting import day_text
from opencus.core.registry import SearchHit, SearchHits, menu_entry, search_hits, search_source
from opencus.core.roles import has_capability
from opencus.people.capabilities import PERSON_EDIT, PERSON_SENSITIVE_VIEW, PERSON_VIEW
from opencus.people.models import DisabilityCertificate, HealthNote, Person
from opencus.people.selectors import person_search


def _person_hit(person: Person) -> SearchHit:
    details = [person.identifier_display]
    if person.birth_date:
        details.append(day_text(person.birth_date))
    if person.address_line:
        details.append(person.address_line)
    return SearchHit(
        title=f"{person.last_name} {person.first_name}",
        url=reverse("people:detail", args=[person.pk]),
        detail=" · ".join(details),
    )


def search_people(user: Any, query: str) -> SearchHits | None:
    """The staff search's people: those ``user`` may see, by name, PESEL, phone or street."""
    if not has_capability(user, PERSON_VIEW):
        return None
    return search_hits(
        person_search(user=user, query=query),
        _person_hit,
        more_url=f"{reverse('people:search')}?{urlencode({'q': query})}",
    )


def declare() -> None:
    # The audit log filters by person with the people search, and shows the content of
    # special-category records only to roles that may read them.
    audit_people_register(
        model=Person,
        search=lambda user, query: person_search(user=user, query=query),
        special_models=(DisabilityCertificate, HealthNote),
        special_capability=PERSON_SENSITIVE_VIEW,
    )
    menu_entry(
        "people", _("People"), "people:search", order=40, capability=PERSON_VIEW, app="people"
    )
    menu_entry(
        "person_register",
        _("Register a person"),
        "people:create",
        order=50,
        capability=PERSON_EDIT,
        app="people",
    )
    search_source("people", _("People"), search=search_people, order=10, app="people")
