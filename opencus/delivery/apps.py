from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "opencus.delivery"
    label = "delivery"
    verbose_name = _("Delivery and settlement")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and the rest go into core's registries.
        from opencus.delivery.declarations import declare

        declare()
