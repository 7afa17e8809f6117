from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from opencus.core.registry import capabilities, menu_entries
from opencus.core.roles import has_capability, is_staff_member


def site(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "centre_name": settings.OPENCUS_CENTRE_NAME,
        "municipality_name": settings.OPENCUS_MUNICIPALITY_NAME,
        "contact_phone": settings.OPENCUS_CONTACT_PHONE,
        "contact_email": settings.OPENCUS_CONTACT_EMAIL,
        "is_staff_member": is_staff_member(user),
        "can": {spec.name.key: has_capability(user, spec.name) for spec in capabilities()},
        "menu": [
            entry
            for entry in menu_entries()
            if (entry.capability is None or has_capability(user, entry.capability))
            and (entry.show is None or entry.show(user))
        ],
    }
