"""What roles may do with providers and contracts (registered from ``ProvidersConfig.ready``).

Provider staff are not listed: they see their own provider only, through
``Provider.objects.visible_to`` while their ``ProviderStaff`` link is current."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import Role

PROVIDER_VIEW = capability(
    "provider.view",
    _("See providers and contracts"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER, Role.AUDITOR, Role.COORDINATOR, Role.CLIENT_OFFICE},
    app="providers",
)
PROVIDER_MANAGE = capability(
    "provider.manage",
    _("Register providers and edit contracts"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="providers",
)
