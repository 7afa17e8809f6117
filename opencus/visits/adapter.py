"""Database rows to the rounds solver's ``Problem`` and back (``opencus.routing.rounds``).

A week is a problem whose day 0 is its Monday: each open request with a window in the week
(from ``today`` on) is a visit, each active worker with working hours on a day of the week
(from ``today`` on) a worker with one window per working day, and each pinned visit of the
plan is fixed to its worker and day. Times are minutes from local midnight. Travel comes from
``routing.travel.matrices`` (haversine × detour, or OSRM when ``OSRM_URL`` is set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from opencus.routing import rounds
from opencus.routing.travel import matrices
from opencus.visits.models import (
    RequestStatus,
    Visit,
    VisitRequest,
    VisitStatus,
    VisitWorker,
    WeekPlan,
)


def minutes(time: dt.time) -> float:
    return time.hour * 60 + time.minute + time.second / 60


def clock(value: float) -> dt.time:
    """Minutes from midnight as a time of day (rounded to the minute, at most 23:59)."""
    total = min(round(value), 24 * 60 - 1)
    return dt.time(total // 60, total % 60)


@dataclass
class Week:
    """A week as the solver sees it, and the rows each of its ids stands for."""

    plan: WeekPlan
    problem: rounds.Problem
    requests: dict[int, VisitRequest]
    workers: dict[int, VisitWorker]


def week_problem(plan: WeekPlan, *, today: dt.date) -> Week:
    """The plan's week as a ``Problem``: requests waiting (open, or planned in this plan and
    not taken out) with their windows from ``today`` on, the active workers' days from
    ``today`` on, and the pinned visits fixed to their worker and day."""
    first = max(plan.week_start, today)
    taken_out = Visit.objects.filter(plan=plan, status=VisitStatus.TAKEN_OUT).values("request_id")
    in_plan = Visit.objects.filter(plan=plan, status=VisitStatus.PLANNED).values("request_id")
    candidates = (
        VisitRequest.objects.filter(
            windows__day__gte=first,
            windows__day__lte=plan.week_end,
        )
        .filter(Q(status=RequestStatus.OPEN) | Q(status=RequestStatus.PLANNED, pk__in=in_plan))
        .exclude(pk__in=taken_out)
        .distinct()
        .prefetch_related("windows")
        .order_by("id")
    )
    requests = {r.pk: r for r in candidates}
    workers = {
        w.pk: w for w in VisitWorker.objects.filter(is_active=True).order_by("id") if w.hours
    }
    visits = []
    for request in requests.values():
        windows = tuple(
            rounds.Window((w.day - plan.week_start).days, minutes(w.starts_at), minutes(w.ends_at))
            for w in request.windows.all()
            if first <= w.day <= plan.week_end
        )
        visits.append(
            rounds.Visit(
                id=request.pk,
                place=(float(request.latitude), float(request.longitude)),
                duration=float(request.duration),
                skill=request.skill,
                windows=windows,
            )
        )
    team = []
    for worker in workers.values():
        hours = []
        for day in plan.days:
            span = worker.hours_on(day.weekday())
            if day >= first and span is not None:
                hours.append(
                    rounds.Window((day - plan.week_start).days, minutes(span[0]), minutes(span[1]))
                )
        team.append(
            rounds.Worker(
                id=worker.pk,
                home=(float(worker.base_latitude), float(worker.base_longitude)),
                skills=frozenset(worker.skills),
                hours=tuple(hours),
            )
        )
    fixed = {
        visit.request_id: (visit.worker_id, (visit.day - plan.week_start).days)
        for visit in Visit.objects.filter(plan=plan, status=VisitStatus.PLANNED, pinned=True)
        if visit.request_id in requests and visit.worker_id in workers
    }
    problem = rounds.Problem(visits=tuple(visits), workers=tuple(team), fixed=fixed)
    return Week(plan=plan, problem=problem, requests=requests, workers=workers)


def week_solve(week: Week, *, seconds: float, iterations: int | None = None) -> rounds.WeekPlan:
    """The solver's plan of the week (checked by ``rounds.check`` inside ``solve``)."""
    travel = week.problem.travel(osrm_url=settings.OSRM_URL or None)
    return rounds.solve(week.problem, seconds=seconds, seed=1, travel=travel, iterations=iterations)


def day_km(worker: VisitWorker, places: Sequence[tuple[float, float]]) -> float:
    """The km of a worker's day: from the home base through ``places`` in order and back."""
    if not places:
        return 0.0
    home = (float(worker.base_latitude), float(worker.base_longitude))
    travel = matrices([home, *places])
    route = [0, *range(1, len(places) + 1), 0]
    return sum(travel.distance[a][b] for a, b in zip(route, route[1:], strict=False))
