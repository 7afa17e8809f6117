"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities and, as its pages land, their menu entries and "my work" sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.transport import capabilities


def declare() -> None:
    # Booking by the client office (booking part).
    menu_entry(
        "transport_booking",
        _("Senior taxi bookings"),
        "transport:book_start",
        order=65,
        capability=capabilities.TRANSPORT_BOOK,
        app="transport",
    )
    menu_entry(
        "transport_approvals",
        _("Senior taxi approvals"),
        "transport:approvals",
        order=66,
        capability=capabilities.TRANSPORT_APPROVE,
        app="transport",
    )
