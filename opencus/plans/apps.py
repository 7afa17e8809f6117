from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "opencus.plans"
    label = "plans"
    verbose_name = _("Individual plans")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries, "my work" sections and timeline go into core's registries.
        from opencus.plans.declarations import declare

        declare()
