"""What roles may do with applications and queues (registered from ``IntakeConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import CASE_ROLES, Role

APPLICATION_VIEW = capability(
    "application.view",
    _("See applications, queues and waiting lists"),
    CASE_ROLES | {Role.AUDITOR},
    app="intake",
)
APPLICATION_FILE = capability(
    "application.file",
    _("File applications and withdraw requests for people"),
    CASE_ROLES,
    app="intake",
)
QUEUE_MANAGE = capability(
    "queue.manage",
    _("Qualify, refuse and promote in the service queues"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="intake",
)
