"""What delivery adds to core's registries (called from ``DeliveryConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.delivery import timeline
from opencus.delivery.capabilities import DELIVERY_RECORD
from opencus.providers.capabilities import PROVIDER_VIEW
from opencus.providers.selectors import can_see_providers


def _sees_statements(user: Any) -> bool:
    """The monthly statements are open to the centre's staff with ``provider.view`` and to a
    provider's current staff (``delivery.views.settlement_pages``)."""
    return bool(user.is_authenticated) and can_see_providers(user)


def declare() -> None:
    timeline.register()
    menu_entry(
        "deliveries_today",
        _("Today's deliveries"),
        "delivery:provider_today",
        order=80,
        capability=DELIVERY_RECORD,
        app="delivery",
    )
    menu_entry(
        "statements",
        _("Monthly statements"),
        "delivery:contract_list",
        order=90,
        show=_sees_statements,
        app="delivery",
    )
    menu_entry(
        "deliveries",
        _("Deliveries"),
        "delivery:report_overview",
        order=100,
        capability=PROVIDER_VIEW,
        app="delivery",
    )
