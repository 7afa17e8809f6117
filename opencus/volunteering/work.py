"""What the volunteer centre adds to "my work" (hours to confirm, certificates to issue, needs
without volunteers) and to the person card (asking for a volunteer for the person)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencus.core.registry import PersonLink, WorkSection, my_work_section, person_link_source
from opencus.core.roles import has_capability
from opencus.volunteering.capabilities import VOLUNTEERING_MANAGE, VOLUNTEERING_NEED
from opencus.volunteering.models import (
    DocumentRequest,
    DocumentStatus,
    HoursLog,
    HoursStatus,
    Need,
    NeedStatus,
)

ROWS = 10
TITLE = gettext_lazy("Volunteer centre")


def work_build(user: Any) -> WorkSection | None:
    if not has_capability(user, VOLUNTEERING_MANAGE):
        return None
    hours = HoursLog.objects.visible_to(user).filter(status=HoursStatus.LOGGED)
    papers = DocumentRequest.objects.visible_to(user).filter(status=DocumentStatus.REQUESTED)
    needs = Need.objects.visible_to(user).filter(status=NeedStatus.OPEN).order_by("starts_on")
    need_rows = list(needs[:ROWS])
    counts = {"hours": hours.count(), "papers": papers.count()}
    return WorkSection(
        key="volunteering",
        title=TITLE,
        template="volunteering/work.html",
        total=counts["hours"] + counts["papers"] + needs.count(),
        rows=need_rows,
        extra={**counts, "needs": need_rows},
    )


def person_links(user: Any, person: Any) -> list[PersonLink]:
    if not has_capability(user, VOLUNTEERING_NEED) or person.archived_at:
        return []
    count = Need.objects.visible_to(user).filter(person=person).count()
    return [
        PersonLink(
            _("Volunteer help"),
            reverse("volunteering:needs"),
            note=ngettext("%(count)s request", "%(count)s requests", count) % {"count": count}
            if count
            else _("none asked for"),
            action_text=_("Ask for a volunteer"),
            action_url=reverse("volunteering:need_create") + f"?osoba={person.pk}",
        )
    ]


def register() -> None:
    my_work_section("volunteering", work_build, order=72, app="volunteering")
    person_link_source("volunteering", person_links, app="volunteering", order=80)
