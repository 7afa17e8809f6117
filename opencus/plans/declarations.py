"""What plans add to core's registries (called from ``PlansConfig.ready``): the capabilities,
the menu entries, the timeline of the person card, the "My plans" section of "my work" and the
case banners (the law's clock on every page of the case)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.plans import (
    banners,
    timeline,
    work,
)
from opencus.plans.capabilities import PLAN_AUTHORISE, PLAN_VIEW


def declare() -> None:
    timeline.register()
    work.register()
    banners.register()
    menu_entry(
        "plans",
        _("Individual plans"),
        "plans:list",
        order=45,
        capability=PLAN_VIEW,
        app="plans",
    )
    menu_entry(
        "plan_authorisations",
        _("Approval authorisations"),
        "plans:authorisations",
        order=85,
        capability=PLAN_AUTHORISE,
        app="plans",
    )
