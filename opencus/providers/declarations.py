"""What the provider registry adds to core's registries (called from ``ProvidersConfig.ready``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opencus.core.registry import SearchHit, SearchHits, menu_entry, search_hits, search_source
from opencus.providers.capabilities import PROVIDER_VIEW
from opencus.providers.models import Provider
from opencus.providers.selectors import can_see_providers, provider_list


def _provider_hit(provider: Provider) -> SearchHit:
    return SearchHit(
        title=provider.name,
        url=reverse("providers:detail", args=[provider.uuid]),
        detail=f"NIP {provider.nip}",
    )


def search_providers(user: Any, query: str) -> SearchHits | None:
    """The staff search's providers: those ``user`` may see, by name or NIP."""
    if not can_see_providers(user):
        return None
    if not query.strip():
        return SearchHits([], 0)
    return search_hits(
        provider_list(user=user, query=query),
        _provider_hit,
        more_url=f"{reverse('providers:list')}?{urlencode({'q': query})}",
    )


def declare() -> None:
    menu_entry(
        "providers",
        _("Providers"),
        "providers:list",
        order=90,
        capability=PROVIDER_VIEW,
        app="providers",
    )
    search_source("providers", _("Providers"), search=search_providers, order=30, app="providers")
