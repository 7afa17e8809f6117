"""Home visits on the person card: a link to the person's requests (with how many wait) and
taking a new one; on the timeline, each request taken, planned, completed, left waiting again
or cancelled. What to do and the reasons stay on the request's page: the timeline tells which
kind of visit and when."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from opencus.core.formatting import day_text
from opencus.core.registry import PersonLink, TimelineEvent, timeline_source
from opencus.core.roles import has_capability
from opencus.intake.timeline import actor_name
from opencus.visits.capabilities import VISITS_REQUEST
from opencus.visits.models import RequestStatus, VisitRequest, VisitRequestTransition

VISIT = gettext_lazy("Home visits")


def person_links(user: Any, person: Any) -> list[PersonLink]:
    if not has_capability(user, VISITS_REQUEST):
        return []
    waiting = (
        VisitRequest.objects.visible_to(user)
        .filter(person=person, status__in=(RequestStatus.OPEN, RequestStatus.PLANNED))
        .count()
    )
    note = (
        ngettext("%(count)s waiting or planned", "%(count)s waiting or planned", waiting)
        % {"count": waiting}
        if waiting
        else _("none waiting")
    )
    return [
        PersonLink(
            _("Home visits"),
            reverse("visits:requests") + f"?osoba={person.pk}",
            note=note,
            action_text=_("Request a home visit") if not person.archived_at else "",
            action_url=reverse("visits:request_create", args=[person.pk])
            if not person.archived_at
            else "",
        )
    ]


def _text(step: VisitRequestTransition) -> str:
    words = {
        "skill": step.request.get_skill_display(),
        "day": day_text(step.at.date()),
    }
    if step.to_status == RequestStatus.OPEN and not step.from_status:
        return _("Home visit (%(skill)s) requested.") % words
    if step.to_status == RequestStatus.OPEN:
        return _("Home visit (%(skill)s) waits to be planned again.") % words
    if step.to_status == RequestStatus.PLANNED:
        return _("Home visit (%(skill)s) planned.") % words
    if step.to_status == RequestStatus.COMPLETED:
        return _("Home visit (%(skill)s) made.") % words
    return _("Home visit (%(skill)s) cancelled.") % words


def _steps(user: Any, person: Any, limit: int) -> list[TimelineEvent]:
    steps = (
        VisitRequestTransition.objects.filter(
            request__in=VisitRequest.objects.visible_to(user).filter(person=person)
        )
        .select_related("actor", "request")
        .defer("note", "request__task")
        .order_by("-at", "-id")[:limit]
    )
    return [
        TimelineEvent(
            at=step.at,
            actor=actor_name(step.actor),
            kind=VISIT,
            text=_text(step),
            url=reverse("visits:request_detail", args=[step.request.uuid]),
        )
        for step in steps
    ]


def register() -> None:
    timeline_source("visits_requests", _steps, app="visits")
