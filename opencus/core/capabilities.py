"""Core's own capabilities (registered when the module is imported, from ``CoreConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

AUDIT_VIEW = capability(
    "audit.view", _("Read the audit log"), {Role.DIRECTOR, Role.AUDITOR}, app="core"
)
LETTERS_MANAGE = capability(
    "letters.manage",
    _("Edit the texts of the letters to residents"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="core",
)
