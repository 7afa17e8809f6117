from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "opencus.activities"
    label = "activities"
    verbose_name = _("Group activities, vouchers and Senior+")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and "my work" sections go into core's registries.
        from opencus.activities.declarations import declare

        declare()
