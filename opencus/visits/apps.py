from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "opencus.visits"
    label = "visits"
    verbose_name = _("Home visits")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and "my work" sections go into core's registries.
        from opencus.visits.declarations import declare

        declare()
