from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "opencus.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteer centre")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and "my work" sections go into core's registries.
        from opencus.volunteering.declarations import declare

        declare()
