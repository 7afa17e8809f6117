"""What the volunteer centre adds to core's registries (called from its ``AppConfig.ready``):
menu entries, the coordinator's "my work" section and the person card's link."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.volunteering import capabilities, work


def declare() -> None:
    work.register()
    menu_entry(
        "volunteering_mine",
        _("My volunteering"),
        "volunteering:mine",
        order=15,
        capability=capabilities.VOLUNTEERING_SELF,
        app="volunteering",
    )
    menu_entry(
        "volunteering_volunteers",
        _("Volunteers"),
        "volunteering:volunteers",
        order=80,
        capability=capabilities.VOLUNTEERING_MANAGE,
        app="volunteering",
    )
    menu_entry(
        "volunteering_needs",
        _("Needs for volunteers"),
        "volunteering:needs",
        order=81,
        capability=capabilities.VOLUNTEERING_NEED,
        app="volunteering",
    )
    menu_entry(
        "volunteering_hours",
        _("Volunteers' hours"),
        "volunteering:hours",
        order=82,
        capability=capabilities.VOLUNTEERING_MANAGE,
        app="volunteering",
    )
