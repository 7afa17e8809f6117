from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "opencus.community"
    label = "community"
    verbose_name = _("Community organising")

    def ready(self) -> None:
        # Imported here, as Django requires: the app's models are ready only now. Its
        # capabilities, menu entries and "my work" sections go into core's registries.
        from opencus.community.declarations import declare

        declare()
