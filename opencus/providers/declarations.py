"""What the provider registry adds to core's registries (called from ``ProvidersConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import menu_entry
from opencus.providers.capabilities import PROVIDER_VIEW


def declare() -> None:
    menu_entry(
        "providers",
        _("Providers"),
        "providers:list",
        order=90,
        capability=PROVIDER_VIEW,
        app="providers",
    )
