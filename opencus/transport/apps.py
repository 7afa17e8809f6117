from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransportConfig(AppConfig):
    name = "opencus.transport"
    label = "transport"
    verbose_name = _("Senior taxi")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and "my work" sections go into core's registries.
        from opencus.transport.declarations import declare

        declare()
