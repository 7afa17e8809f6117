"""What roles may do with the ledger and settlements (registered from ``DeliveryConfig.ready``).

Provider staff record only for their own provider's clients (``delivery.services``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

DELIVERY_RECORD = capability(
    "delivery.record",
    _("Record delivered units"),
    {Role.PROVIDER_STAFF, Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="delivery",
)
SETTLEMENT_APPROVE = capability(
    "settlement.approve",
    _("Approve monthly settlements with providers"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="delivery",
)
