"""Intake's sections of "my work" (core's registry, registered from ``IntakeConfig.ready``):
notices to send, requests to qualify, waiting lists that can move, entitlements waiting for a
provider, enrolment rounds to allocate, and the applications the user received lately."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opencus.core.registry import WorkSection, my_work_section
from opencus.intake import organiser_selectors as selectors


def _builder(
    key: str,
    title: Any,
    select: Callable[[Any], selectors.Section | None],
    more_url: str = "",
) -> Callable[[Any], WorkSection | None]:
    def build(user: Any) -> WorkSection | None:
        section = select(user)
        if section is None:
            return None
        return WorkSection(
            key=key.replace("_", "-"),
            title=title() if callable(title) else title,
            template=f"intake/work/{key}.html",
            total=section.total,
            rows=section.rows,
            more_url=reverse(more_url) if more_url else "",
            extra={"days": selectors.RECEIVED_DAYS},
        )

    return build


def _received_title() -> str:
    days = selectors.RECEIVED_DAYS
    return ngettext(
        "Applications you received in the last %(days)s day",
        "Applications you received in the last %(days)s days",
        days,
    ) % {"days": days}


SECTIONS: list[tuple[str, Any, Callable[[Any], selectors.Section | None]]] = [
    ("online", _("Online applications waiting for a check"), selectors.work_online),
    ("notices", _("Notices to send"), selectors.work_notices),
    ("to_qualify", _("Requests awaiting qualification"), selectors.work_to_qualify),
    ("lists_to_move", _("Waiting lists that can move now"), selectors.work_lists_to_move),
    ("without_provider", _("Entitlements waiting for a provider"), selectors.work_without_provider),
    ("rounds_to_allocate", _("Enrolment rounds to allocate"), selectors.work_rounds_to_allocate),
    ("received", _received_title, selectors.work_received),
]


def register() -> None:
    for order, (key, title, select) in enumerate(SECTIONS, start=1):
        my_work_section(key, _builder(key, title, select), order=100 + order, app="intake")
