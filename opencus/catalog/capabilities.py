"""What roles may do in the catalogue (registered from ``CatalogConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opencus.core.registry import capability
from opencus.core.roles import ALL_STAFF, Role

CATALOG_VIEW = capability(
    "catalog.view", _("See programmes and services in the staff pages"), ALL_STAFF, app="catalog"
)
CATALOG_MANAGE = capability(
    "catalog.manage",
    _("Edit programmes and service cards"),
    {Role.DIRECTOR, Role.SERVICE_ORGANISER},
    app="catalog",
)
