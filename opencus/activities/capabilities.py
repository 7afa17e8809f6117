"""What roles may do in the activities app (registered from ``ActivitiesConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

# --- Vouchers and the Senior+ day home and club (senior part) ---------------------------------

VOUCHER_ISSUE = capability(
    "activities.voucher_issue",
    _("Issue cinema passes and museum tickets to residents against their entitlements"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.CLIENT_OFFICE},
    app="activities",
)
VOUCHER_REDEEM = capability(
    "activities.voucher_redeem",
    _("Redeem vouchers by code at one's own partner venue"),
    {Role.PROVIDER_STAFF},
    app="activities",
)
DAYCARE_MANAGE = capability(
    "activities.daycare_manage",
    _("Run the Senior+ day home and club: places, opening hours, admissions and leaving"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="activities",
)
DAYCARE_REGISTER = capability(
    "activities.daycare_register",
    _(
        "Keep the Senior+ day home's and club's daily attendance and meals and read their"
        " monthly reports (a provider's staff for the facilities their provider runs)"
    ),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.PROVIDER_STAFF},
    app="activities",
)
