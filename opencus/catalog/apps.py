from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "opencus.catalog"
    label = "catalog"
    verbose_name = _("Programme catalogue")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and the rest go into core's registries.
        from opencus.catalog.declarations import declare

        declare()
