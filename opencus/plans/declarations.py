"""What plans add to core's registries (called from ``PlansConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.plans import capabilities  # noqa: F401  (registers the capabilities)
from opencus.plans.capabilities import PLAN_VIEW


def declare() -> None:
    menu_entry(
        "plans",
        _("Individual plans"),
        "plans:list",
        order=45,
        capability=PLAN_VIEW,
        app="plans",
    )
