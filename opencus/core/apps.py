from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opencus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from opencus.core import admin_letters, signals  # noqa: F401  (admin, login auditing)
