from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opencus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Imported here, as Django requires: models and admin are ready only now.
        from opencus.core import (  # noqa: F401  (admin, login auditing, system checks)
            admin_letters,
            checks,
            signals,
        )
        from opencus.core.declarations import declare
        from opencus.core.reference import ensure_reference_rows

        declare()
        post_migrate.connect(ensure_reference_rows, sender=self)
