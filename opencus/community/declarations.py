"""What the community app adds to core's registries (called from its ``AppConfig.ready``):
menu entries, the OSL team's "my work" section and the council's opinions on programmes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.community import capabilities, opinions, work
from opencus.core.registry import menu_entry


def declare() -> None:
    work.register()
    opinions.register()
    menu_entry(
        "community_list",
        _("Communities"),
        "community:list",
        order=74,
        capability=capabilities.COMMUNITY_VIEW,
        app="community",
    )
    menu_entry(
        "community_consultations",
        _("Consultations and councils"),
        "community:consultations",
        order=75,
        capability=capabilities.COMMUNITY_VIEW,
        app="community",
    )
