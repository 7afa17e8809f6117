"""What roles may do with home visits (registered when the app's modules load).

A worker who makes visits is a user in the ``visiting_staff`` role linked to a ``VisitWorker``
record: they see only their own visits of a published week (``selectors``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

VISITS_REQUEST = capability(
    "visits.request",
    _("Take and cancel residents' requests for home visits (physiotherapy, nursing, repairs)"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.CLIENT_OFFICE},
    app="visits",
)
VISITS_PLAN = capability(
    "visits.plan",
    _("Plan the weeks of home visits, their staff and working hours, and publish the plans"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.DISPATCHER},
    app="visits",
)
VISITS_MAKE = capability(
    "visits.make",
    _("Make home visits: see one's own day and mark each visit done or not done"),
    {Role.VISITING_STAFF},
    app="visits",
)
