"""What the people registry adds to core's registries (called from ``PeopleConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.audit import audit_people_register
from opencus.core.registry import menu_entry
from opencus.people.capabilities import PERSON_EDIT, PERSON_SENSITIVE_VIEW, PERSON_VIEW
from opencus.people.models import DisabilityCertificate, HealthNote, Person
from opencus.people.selectors import person_search


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
