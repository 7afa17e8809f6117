"""App configurations of libraries, giving them Polish names in the admin (INSTALLED_APPS names
them by their dotted path). Kept out of ``core/apps.py``: Django picks the app's own config
there only when it is the module's single AppConfig."""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes under a Polish name in the admin (the library gives its app none; the
    strings it ships without Polish are in ``core.library_strings``)."""

    verbose_name = _("Login lockouts")
