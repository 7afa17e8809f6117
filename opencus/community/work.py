"""The OSL team's "my work" section: events planned in their communities in the next two
weeks, and those past their day still waiting to be recorded."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from opencus.community.capabilities import COMMUNITY_RECORD
from opencus.community.selectors import today, upcoming_events
from opencus.core.registry import WorkSection, my_work_section
from opencus.core.roles import has_capability

ROWS = 20
TITLE = gettext_lazy("Community events to hold and record")


def work_build(user: Any) -> WorkSection | None:
    if not has_capability(user, COMMUNITY_RECORD):
        return None
    events = upcoming_events(user)
    rows = list(events[:ROWS])
    return WorkSection(
        key="community",
        title=TITLE,
        template="community/work.html",
        total=events.count(),
        rows=rows,
        more_url=reverse("community:list"),
        extra={"today": today()},
    )


def register() -> None:
    my_work_section("community", work_build, order=70, app="community")
