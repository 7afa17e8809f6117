"""Reading home visits for the pages: the week per worker and day with times and km, the
requests waiting, a worker's own day. Every read goes through the models' ``visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from opencus.visits.adapter import day_km
from opencus.visits.models import (
    RequestStatus,
    Visit,
    VisitRequest,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)


@dataclass
class WorkerDay:
    day: dt.date
    visits: list[Visit] = field(default_factory=list)
    km: float = 0.0


@dataclass
class WorkerWeek:
    worker: VisitWorker
    days: list[WorkerDay]

    @property
    def km(self) -> float:
        return sum(d.km for d in self.days)

    @property
    def count(self) -> int:
        return sum(len(d.visits) for d in self.days)


def week_rows(plan: WeekPlan, user: Any) -> list[WorkerWeek]:
    """The plan's planned and marked visits per worker and day, in time order, with the km of
    each day (home base, the visits in order, back)."""
    visits = (
        Visit.objects.visible_to(user)
        .filter(plan=plan)
        .exclude(status=VisitStatus.TAKEN_OUT)
        .select_related("request__person", "worker")
        .order_by("worker__name", "worker_id", "day", "starts_at")
    )
    by_worker: dict[int, dict[dt.date, list[Visit]]] = {}
    for visit in visits:
        by_worker.setdefault(visit.worker_id, {}).setdefault(visit.day, []).append(visit)
    workers = VisitWorker.objects.filter(pk__in=by_worker).order_by("name", "id")
    rows = []
    for worker in workers:
        days = []
        for day, items in sorted(by_worker[worker.pk].items()):
            places = [(float(v.request.latitude), float(v.request.longitude)) for v in items]
            days.append(WorkerDay(day, items, round(day_km(worker, places), 1)))
        rows.append(WorkerWeek(worker, days))
    return rows


def waiting_requests(user: Any) -> Any:
    """The open requests the user may see, the left-out ones first."""
    return (
        VisitRequest.objects.visible_to(user)
        .filter(status=RequestStatus.OPEN)
        .select_related("person", "entitlement__service")
        .prefetch_related("windows")
        .order_by("-left_out_reason", "created_at")
    )


def my_day(user: Any, day: dt.date) -> tuple[VisitWorker | None, list[Visit]]:
    """The user's worker record and their visits on ``day`` in published plans, in order."""
    worker = VisitWorker.objects.visible_to(user).filter(user=user).first()
    if worker is None:
        return None, []
    visits = list(
        Visit.objects.visible_to(user)
        .filter(worker=worker, day=day)
        .exclude(status=VisitStatus.TAKEN_OUT)
        .select_related("request__person", "request__entitlement__service")
        .order_by("starts_at")
    )
    return worker, visits


def today() -> dt.date:
    return timezone.localdate()
