from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "opencus.catalog"
    label = "catalog"
    verbose_name = _("Programme catalogue")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and the rest go into core's registries.
        from opencus.catalog.declarations import declare
        from opencus.catalog.reference import ensure_areas_and_target_groups

        declare()
        post_migrate.connect(ensure_areas_and_target_groups, sender=self)
