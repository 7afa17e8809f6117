"""What the people registry adds to core's registries (called from ``PeopleConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.people.capabilities import PERSON_EDIT, PERSON_VIEW


def declare() -> None:
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
