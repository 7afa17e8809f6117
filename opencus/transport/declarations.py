"""What the senior taxi adds to core's registries (called from ``TransportConfig.ready``): its
capabilities, menu entries, "my work" sections and the person card's timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import arrivals_source, menu_entry, person_link_source
from opencus.transport import capabilities, manifest_views, selectors, timeline, work


def declare() -> None:
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
    # Recurring rides, the organiser's rules and the person card's timeline (series).
    timeline.register()
    person_link_source("transport", selectors.person_links, app="transport", order=60)
    # Who comes by bus to the day home today (the day home's register, in activities).
    arrivals_source("transport", selectors.arrivals_at, app="transport")
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
