"""What delivery adds to core's registries (called from ``DeliveryConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.delivery.capabilities import DELIVERY_RECORD
from opencus.providers.capabilities import PROVIDER_VIEW


def declare() -> None:
    menu_entry(
        "deliveries_today",
        _("Today's deliveries"),
        "delivery:provider_today",
        order=80,
        capability=DELIVERY_RECORD,
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
