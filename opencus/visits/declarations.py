"""What the visits app adds to core's registries (called from its ``AppConfig.ready``): menu
entries, the planners' "my work" section, the person card's link and timeline, and the
workers' calendar feeds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry, person_link_source
from opencus.visits import capabilities, feeds, timeline, work


def declare() -> None:
    work.register()
    feeds.register()
    timeline.register()
    person_link_source("visits", timeline.person_links, app="visits", order=62)
    menu_entry(
        "visits_my_day",
        _("My visits today"),
        "visits:my_day",
        order=16,
        capability=capabilities.VISITS_MAKE,
        app="visits",
    )
    menu_entry(
        "visits_weeks",
        _("Home visit plans"),
        "visits:weeks",
        order=67,
        capability=capabilities.VISITS_PLAN,
        app="visits",
    )
    menu_entry(
        "visits_requests",
        _("Home visit requests"),
        "visits:requests",
        order=68,
        capability=capabilities.VISITS_REQUEST,
        app="visits",
    )
    menu_entry(
        "visits_workers",
        _("Home-visit staff"),
        "visits:workers",
        order=73,
        capability=capabilities.VISITS_PLAN,
        app="visits",
    )
