"""What plans add to core's registries (called from ``PlansConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.plans import (
    banners,
    capabilities,  # registers the capabilities
    timeline,
    work,
)


def declare() -> None:
    timeline.register()
    work.register()
    banners.register()
    menu_entry(
        "plan_authorisations",
        _("Approval authorisations"),
        "plans:authorisations",
        order=85,
        capability=capabilities.PLAN_AUTHORISE,
        app="plans",
    )
