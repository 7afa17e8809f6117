"""A worker's home visits as an iCalendar feed (core's ``calendar_source`` seam): the visits
of published weeks, each with its time and address only. The person's name, the skill and
what to do stay off the feed: with the worker being a nurse or a physiotherapist, they would
tell something of the person's health to anyone holding the address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencus.core.registry import CalendarEvent, calendar_source
from opencus.core.roles import has_capability
from opencus.visits.capabilities import VISITS_PLAN
from opencus.visits.models import PlanStatus, Visit, VisitStatus, VisitWorker

KIND = "visits.worker"


def _worker(object_id: str) -> VisitWorker | None:
    if not object_id.isdigit():
        return None
    return VisitWorker.objects.filter(pk=int(object_id)).first()


def events(object_id: str, first: dt.date, last: dt.date) -> list[CalendarEvent]:
    worker = _worker(object_id)
    if worker is None or not worker.is_active:
        return []
    visits = (
        Visit.objects.filter(
            worker=worker,
            day__gte=first,
            day__lte=last,
            plan__status=PlanStatus.PUBLISHED,
            status__in=(VisitStatus.PLANNED, VisitStatus.DONE),
        )
        .select_related("request")
        .order_by("starts_at")
    )
    return [
        CalendarEvent(
            uid=f"{visit.uuid}@wizyty.opencus",
            start=visit.starts_at,
            end=visit.ends_at,
            summary=_("Home visit"),
            location=visit.request.address_label,
        )
        for visit in visits
    ]


def may_issue(user: Any, object_id: str) -> str | None:
    """Planners give out any worker's feed; a worker their own."""
    worker = _worker(object_id)
    if worker is None:
        return None
    if has_capability(user, VISITS_PLAN) or (
        worker.user_id is not None and worker.user_id == getattr(user, "pk", None)
    ):
        return _("Home visits: %(name)s") % {"name": worker.name}
    return None


def register() -> None:
    calendar_source(
        KIND,
        gettext_lazy("A home-visit worker's visits"),
        events=events,
        may_issue=may_issue,
        app="visits",
        sensitive=True,
    )
