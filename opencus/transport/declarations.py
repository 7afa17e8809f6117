"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities and, as its pages land, their menu entries and "my work" sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.transport import capabilities, timeline


def declare() -> None:
    assert capabilities.TRANSPORT_BOOK  # noqa: S101 - importing registers the capabilities
    # Recurring rides, the organiser's rules and the person card's timeline (series).
    timeline.register()
    menu_entry(
        "transport_series",
        _("Recurring rides"),
        "transport:series_list",
        order=62,
        capability=capabilities.TRANSPORT_BOOK,
        app="transport",
    )
    menu_entry(
        "transport_rules",
        _("Senior taxi rules"),
        "transport:rules_list",
        order=88,
        capability=capabilities.TRANSPORT_CONFIGURE,
        app="transport",
    )
