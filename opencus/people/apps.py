from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "opencus.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and the rest go into core's registries.
        from opencus.people.declarations import declare

        declare()
