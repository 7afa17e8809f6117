"""What the catalogue adds to core's registries (called from ``CatalogConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.catalog.capabilities import CATALOG_VIEW
from opencus.core.registry import menu_entry


def declare() -> None:
    menu_entry(
        "programmes",
        _("Programmes"),
        "catalog:programme_list",
        order=70,
        capability=CATALOG_VIEW,
        app="catalog",
    )
