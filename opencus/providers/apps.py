from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "opencus.providers"
    label = "providers"
    verbose_name = _("Providers and contracts")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and the rest go into core's registries.
        from opencus.providers.declarations import declare

        declare()
