"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities and, as its pages land, their menu entries and "my work" sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.transport import capabilities, work


def declare() -> None:
    assert capabilities.TRANSPORT_BOOK  # noqa: S101 - importing registers the capabilities
    # The dispatcher's day page, the call list and their "my work" sections (dispatch).
    work.register()
    menu_entry(
        "transport_dispatch",
        _("Senior taxi plan"),
        "transport:dispatch",
        order=63,
        capability=capabilities.TRANSPORT_DISPATCH,
        app="transport",
    )
    menu_entry(
        "transport_calls",
        _("Rides to confirm by phone"),
        "transport:call_list",
        order=64,
        capability=capabilities.TRANSPORT_BOOK,
        app="transport",
    )
