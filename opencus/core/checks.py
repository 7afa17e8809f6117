"""System checks of the deployment's settings (``manage.py check``; ``runserver`` prints them
when it starts)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security)
def two_factor_switched_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Say so, at every start, when OPENCUS_2FA_OFF lifts the staff roles' second factor."""
    if not settings.OPENCUS_2FA_OFF:
        return []
    return [
        Warning(
            "Two-factor authentication is off for the director and coordinators "
            "(OPENCUS_2FA_OFF=true).",
            hint="That is for the demo only: unset OPENCUS_2FA_OFF in production. "
            "Superusers still need a second factor.",
            id="opencus.W001",
        )
    ]
