from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from opencus.core.registry import MenuEntry, capabilities, menu_entries
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
        "menu": menu_items(
            request.path,
            [
                entry
                for entry in menu_entries()
                if (entry.capability is None or has_capability(user, entry.capability))
                and (entry.show is None or entry.show(user))
            ],
        ),
    }


def menu_items(path: str, entries: list[MenuEntry]) -> list[dict[str, Any]]:
    """The staff menu's entries with their URL and whether each is the page shown ("page":
    the entry's own page; "true": a page inside the entry's section, the longest matching URL
    wins; "" otherwise), for ``aria-current``. An entry whose URL starts the URLs of all the
    others (the dashboard) marks its own page only, not every page under it."""
    urls = [reverse(entry.url_name) for entry in entries]
    section = max(
        (url for url in urls if path.startswith(url) and not all(o.startswith(url) for o in urls)),
        key=len,
        default="",
    )
    return [
        {
            "label": entry.label,
            "url": url,
            "current": "page" if url == path else "true" if url == section else "",
        }
        for entry, url in zip(entries, urls, strict=True)
    ]
