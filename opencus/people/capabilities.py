"""What roles may do in the people registry (registered from ``PeopleConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import CASE_ROLES, Role

PERSON_VIEW = capability(
    "person.view",
    _("Search people and open their cards"),
    CASE_ROLES | {Role.DISPATCHER, Role.AUDITOR},
    app="people",
)
PERSON_EDIT = capability(
    "person.edit",
    _("Register and edit people, households, representatives, consents"),
    CASE_ROLES,
    app="people",
)
PERSON_RESTORE = capability(
    "person.restore",
    _("Restore archived people"),
    # Whoever may archive a person may undo it (with a reason, audited).
    CASE_ROLES,
    app="people",
)
PERSON_SENSITIVE_VIEW = capability(
    "person.sensitive_view",
    _("Read special-category data (disability, health notes)"),
    {Role.DIRECTOR, Role.COORDINATOR, Role.SOCIAL_WORKER},
    app="people",
)
PERSON_SENSITIVE_EDIT = capability(
    "person.sensitive_edit",
    _("Record special-category data"),
    {Role.COORDINATOR, Role.SOCIAL_WORKER},
    app="people",
)
