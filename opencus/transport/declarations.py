"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities and, as its pages land, their menu entries and "my work" sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.transport import capabilities, manifest_views


def declare() -> None:
    assert capabilities.TRANSPORT_BOOK  # noqa: S101 - importing registers the capabilities
    # The driver's manifest and the fleet (manifest part).
    manifest_views.register()
    menu_entry(
        "transport_fleet",
        _("Vehicles and shifts"),
        "transport:shifts",
        order=72,
        capability=capabilities.TRANSPORT_DISPATCH,
        app="transport",
    )
    menu_entry(
        "transport_drive",
        _("My manifest"),
        "transport:drive",
        order=15,
        capability=capabilities.TRANSPORT_DRIVE,
        app="transport",
    )
