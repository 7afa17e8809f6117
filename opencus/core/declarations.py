"""What core itself adds to the registries (called from ``CoreConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.capabilities import AUDIT_VIEW, LETTERS_MANAGE
from opencus.core.registry import menu_entry


def declare() -> None:
    menu_entry("start", _("Start"), "core:dashboard", order=10, app="core")
    menu_entry("my_work", _("My work"), "core:my_work", order=20, app="core")
    menu_entry(
        "letters",
        _("Letters"),
        "letters:template_list",
        order=120,
        capability=LETTERS_MANAGE,
        app="core",
    )
    menu_entry(
        "audit_log", _("Audit log"), "core:audit_log", order=130, capability=AUDIT_VIEW, app="core"
    )
    menu_entry("account", _("Account"), "core:account", order=900, app="core")
