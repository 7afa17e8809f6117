"""What roles may do with the senior taxi (registered from ``TransportConfig.ready``).

A driver is a user in the ``driver`` role linked to a ``Driver`` record: they see only the
manifests of the vehicles they drive on their own shifts (``selectors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

TRANSPORT_BOOK = capability(
    "transport.book",
    _("Book, change and cancel senior taxi rides for residents"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.CLIENT_OFFICE, Role.DISPATCHER},
    app="transport",
)
TRANSPORT_DISPATCH = capability(
    "transport.dispatch",
    _("Plan the senior taxi's days, vehicles, drivers and shifts, and publish the plans"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.DISPATCHER},
    app="transport",
)
TRANSPORT_APPROVE = capability(
    "transport.approve",
    _("Approve exceptions to the senior taxi's rules (destinations, bookings after no-shows)"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="transport",
)
TRANSPORT_CONFIGURE = capability(
    "transport.configure",
    _("Set the senior taxi's booking rules and quotas"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="transport",
)
TRANSPORT_DRIVE = capability(
    "transport.drive",
    _("Drive: see one's own vehicle's manifest and mark pick-ups, drop-offs and no-shows"),
    {Role.DRIVER},
    app="transport",
)
TRANSPORT_MANIFEST = capability(
    "transport.manifest",
    _("Read the drivers' manifests (a driver only their own vehicle's, on the day)"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.DISPATCHER, Role.DRIVER},
    app="transport",
)
