"""Weekly home-visit rounds: a vehicle routing problem with time windows, skills and
alternative days (the mobile physiotherapist, the nurse, the handyman).

Each visit needs one skill, takes a fixed time at the person's home and must start and end
inside one of the person's availability windows, each on a given day of the week. Each worker
has skills, working hours per day and a home base where each working day starts and ends. A
plan serves as many visits as it can (each once, by a worker with its skill, on one of its
days) and then drives as little as it can.

The solver is PyVRP (Wouda, Lan & Kool, "PyVRP: a high-performance VRP solver package", 2024:
hybrid genetic search for the VRPTW and its variants). We chose it over reusing the DARP
machinery of :mod:`opencus.routing.solver`: home visits have no pickup-and-drop-off pairs and
no ride times, which is what that kernel is built around, while PyVRP solves exactly this
problem at the state of the art and already models what is particular here:

- a **worker-day is a vehicle type** (one vehicle, starting and ending at the worker's home
  depot, its window the day's working hours on a week-long clock: day ``d`` starts at
  ``d × 86 400`` s);
- a visit with several windows is a **mutually exclusive client group** of one client per
  window (PyVRP picks at most one); groups are optional, with a prize far above any route's
  length, so a visit is left out only when no plan can take it;
- **skills are routing profiles**: one profile per distinct set of visits a worker may not
  make (another skill, or fixed by the organiser to someone else), in which those visits are
  unreachable; a fixed visit keeps only its windows on the fixed day.

Times are seconds and distances metres (PyVRP works in integers). :func:`check` recomputes
every day from the plan alone (skills, windows, working hours, each visit once, travel) and
:func:`solve` passes its plan through it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .travel import Matrices, Point, matrices

DAY = 86_400
#: The prize for serving a visit, in metres: above any week's driving, so a plan that serves
#: one more visit always wins.
PRIZE = 100_000_000
#: A travel time or distance that makes a place unreachable for a profile.
UNREACHABLE = 1_000_000_000


@dataclass(frozen=True)
class Window:
    """A stretch of one day of the week (``day`` 0 = the plan's first day), in minutes from
    midnight."""

    day: int
    start: float
    end: float

    def __post_init__(self) -> None:
        if self.day < 0 or not 0 <= self.start <= self.end <= 1440:
            raise ValueError(f"not a window within a day: {self}")


@dataclass(frozen=True)
class Visit:
    """A visit to plan: where, how long (minutes), which skill, and when the person is in."""

    id: int
    place: Point
    duration: float
    skill: str
    windows: tuple[Window, ...]


@dataclass(frozen=True)
class Worker:
    """A worker: their home base, skills and working hours (one window per working day)."""

    id: int
    home: Point
    skills: frozenset[str]
    hours: tuple[Window, ...]


@dataclass(frozen=True)
class Problem:
    """A week of visits for a team. ``places`` are the workers' homes then the visits' places,
    the order of the travel matrices."""

    visits: tuple[Visit, ...]
    workers: tuple[Worker, ...]
    #: Visits the organiser has fixed: visit id -> (worker id, day). The plan keeps each with
    #: that worker on that day (at a time the search chooses).
    fixed: Mapping[int, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        visits = {v.id for v in self.visits}
        workers = {w.id for w in self.workers}
        for visit_id, (worker_id, _day) in self.fixed.items():
            if visit_id not in visits or worker_id not in workers:
                raise ValueError(f"fixed visit {visit_id} or worker {worker_id} is unknown")

    def barred(self, k: int) -> list[int]:
        """The indices of the visits worker ``k`` may not make: another skill, or fixed to
        someone else."""
        worker = self.workers[k]
        return [
            i
            for i, v in enumerate(self.visits)
            if v.skill not in worker.skills
            or (v.id in self.fixed and self.fixed[v.id][0] != worker.id)
        ]

    @property
    def places(self) -> list[Point]:
        return [w.home for w in self.workers] + [v.place for v in self.visits]

    def travel(self, osrm_url: str | None = None, speed_kmh: float = 30.0) -> Matrices:
        """Travel times (minutes) and distances (km) between :attr:`places`."""
        return matrices(self.places, osrm_url=osrm_url, speed_kmh=speed_kmh)


@dataclass(frozen=True)
class Stop:
    """A planned visit: who, which day, when it starts and ends (minutes from midnight)."""

    visit: int
    worker: int
    day: int
    start: float
    end: float


@dataclass
class WeekPlan:
    """A week's rounds: the stops in each worker's day in driving order (by worker, day and
    start), the visits left out with the reason for each, and the driving in km and minutes."""

    stops: list[Stop]
    left_out: dict[int, str] = field(default_factory=dict)
    travel_km: float = 0.0
    travel_minutes: float = 0.0

    def days(self) -> dict[tuple[int, int], list[Stop]]:
        """The stops per (worker id, day), in driving order."""
        out: dict[tuple[int, int], list[Stop]] = {}
        for stop in self.stops:
            out.setdefault((stop.worker, stop.day), []).append(stop)
        return out


@dataclass(frozen=True)
class Option:
    """One way to serve a visit: in one of its windows, as integer seconds on the week's
    clock (service starts within ``[early, late]``)."""

    visit: int  # index into problem.visits
    day: int
    early: int
    late: int
    service: int


class Integers:
    """A problem in the integers both solvers take: travel in whole seconds and metres
    (rounded up, so a schedule in seconds holds in minutes too), each worker-day's hours and
    each visit's options (rounded inwards)."""

    def __init__(self, problem: Problem, travel: Matrices) -> None:
        def up(x: np.ndarray) -> np.ndarray:
            return np.ceil(x - 1e-9).astype(np.int64)

        self.seconds = up(np.array(travel.travel, dtype=np.float64) * 60)
        self.metres = up(np.array(travel.distance, dtype=np.float64) * 1000)
        #: (worker index, day, start, end) of each worker-day, seconds on the week's clock.
        self.shifts: list[tuple[int, int, int, int]] = [
            (
                k,
                h.day,
                h.day * DAY + math.ceil(h.start * 60 - 1e-9),
                h.day * DAY + math.floor(h.end * 60 + 1e-9),
            )
            for k, worker in enumerate(problem.workers)
            for h in worker.hours
        ]
        self.options: list[Option] = []
        for i, visit in enumerate(problem.visits):
            service = math.ceil(visit.duration * 60 - 1e-9)
            fixed = problem.fixed.get(visit.id)
            for w in visit.windows:
                if fixed is not None and w.day != fixed[1]:
                    continue
                early = w.day * DAY + math.ceil(w.start * 60 - 1e-9)
                late = w.day * DAY + math.floor(w.end * 60 + 1e-9) - service
                if late >= early:
                    self.options.append(Option(i, w.day, early, late, service))


class _Data:
    """A problem as PyVRP's ``ProblemData``, and the way back to visits and worker-days."""

    def __init__(self, problem: Problem, travel: Matrices) -> None:
        import pyvrp

        self.integers = ints = Integers(problem, travel)
        nw = len(problem.workers)
        locations = [pyvrp.Location(0, 0) for _ in problem.places]
        depots = [pyvrp.Depot(k) for k in range(nw)]
        profiles: dict[tuple[int, ...], int] = {}
        profile_of = [
            profiles.setdefault(tuple(problem.barred(k)), len(profiles))
            for k in range(len(problem.workers))
        ]
        vehicle_types = [
            pyvrp.VehicleType(
                1,
                start_depot=k,
                end_depot=k,
                tw_early=early,
                tw_late=late,
                profile=profile_of[k],
            )
            for k, _day, early, late in ints.shifts
        ]
        group_of: dict[int, int] = {}
        for option in ints.options:
            group_of.setdefault(option.visit, len(group_of))
        clients = [
            pyvrp.Client(
                nw + option.visit,
                service_duration=option.service,
                tw_early=option.early,
                tw_late=option.late,
                required=False,
                prize=PRIZE,
                group=group_of[option.visit],
            )
            for option in ints.options
        ]
        members: list[list[int]] = [[] for _ in group_of]
        for c, option in enumerate(ints.options):
            members[group_of[option.visit]].append(c)
        groups = [pyvrp.ClientGroup(clients, required=False) for clients in members]
        distance_matrices: list[Any] = []  # PyVRP's stubs say ndarray[int], not a shape
        duration_matrices: list[Any] = []
        for barred in profiles:
            blocked = [nw + i for i in barred]
            d, t = ints.metres.copy(), ints.seconds.copy()
            for matrix in (d, t):
                matrix[:, blocked] = UNREACHABLE
                matrix[blocked, :] = UNREACHABLE
                matrix[blocked, blocked] = 0
            distance_matrices.append(d)
            duration_matrices.append(t)
        self.empty = not clients or not vehicle_types
        if not self.empty:
            self.data = pyvrp.ProblemData(
                locations, clients, depots, vehicle_types, distance_matrices,
                duration_matrices, groups,
            )  # fmt: skip


def settled_after(visits: int) -> int:
    """Iterations without a better plan after which the search stops before its time is up.
    A small week settles in a fraction of a second (tens of thousands of iterations a second:
    the dispatcher does not wait the full time for five visits); the week of 600 visits in
    ``bench/visits.py`` still improves every few hundred of its ~16,000 iterations in 20 s,
    far inside this bound, so a large week keeps its whole time."""
    return 5_000 + 20 * visits


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int = 1,
    travel: Matrices | None = None,
    iterations: int | None = None,
) -> WeekPlan:
    """Plan the week within ``seconds`` (or exactly ``iterations`` of the search, for a
    reproducible plan), stopping sooner once the search has settled (:func:`settled_after`).
    Raises ``AssertionError`` if the plan fails :func:`check` (a bug)."""
    import pyvrp
    from pyvrp.stop import (
        MaxIterations,
        MaxRuntime,
        MultipleCriteria,
        NoImprovement,
        StoppingCriterion,
    )

    travel = travel or problem.travel()
    data = _Data(problem, travel)
    stops: list[Stop] = []
    if not data.empty:
        criteria: list[StoppingCriterion] = [
            MaxRuntime(max(seconds, 0.1)),
            NoImprovement(settled_after(len(problem.visits))),
        ]
        if iterations is not None:
            criteria.append(MaxIterations(iterations))
        stop = MultipleCriteria(criteria)
        result = pyvrp.solve(data.data, stop, seed=seed, display=False, collect_stats=False)
        # Every visit is optional, so the empty plan is feasible and PyVRP's best is too; a
        # best that is not (never seen) is not used, and every visit is reported left out.
        routes = result.best.routes() if result.best.is_feasible() else []
        for route in routes:
            worker_index, day, _early, _late = data.integers.shifts[route.vehicle_type()]
            worker = problem.workers[worker_index]
            for activity in route.schedule():
                if not activity.is_client():
                    continue
                visit = problem.visits[data.integers.options[activity.idx].visit]
                start = activity.start_time / 60 - day * 1440
                stops.append(Stop(visit.id, worker.id, day, start, start + visit.duration))
    return finish(problem, travel, stops)


def finish(problem: Problem, travel: Matrices, stops: Sequence[Stop]) -> WeekPlan:
    """The plan of ``stops`` (in driving order within each worker-day): checked, with its
    driving totals and the reasons for the visits left out."""
    ordered = sorted(stops, key=lambda s: (s.worker, s.day, s.start))
    plan = WeekPlan(stops=ordered)
    served = {s.visit for s in ordered}
    for visit in problem.visits:
        if visit.id not in served:
            plan.left_out[visit.id] = reason(problem, travel, visit)
    violations, plan.travel_km, plan.travel_minutes = check(problem, travel, plan)
    if violations:  # pragma: no cover - a solver bug, never expected
        raise AssertionError("the rounds fail the check: " + "; ".join(violations[:5]))
    return plan


def reason(problem: Problem, travel: Matrices, visit: Visit) -> str:
    """Why ``visit`` is not in the plan, in words."""
    able = [w for w in problem.workers if visit.skill in w.skills]
    if not able:
        return f"no worker has the skill {visit.skill!r}"
    if not visit.windows:
        return "the person gave no time when they are at home"
    if not any(w.end - w.start >= visit.duration - 1e-9 for w in visit.windows):
        return "every window is shorter than the visit"
    if visit.id in problem.fixed:
        return "it does not fit into the day of the worker it is fixed to"
    nw = len(problem.workers)
    here = nw + problem.visits.index(visit)
    for k, worker in enumerate(problem.workers):
        if worker not in able:
            continue
        out_t, back_t = travel.travel[k][here], travel.travel[here][k]
        for hours in worker.hours:
            for window in visit.windows:
                if window.day != hours.day:
                    continue
                start = max(window.start, hours.start + out_t)
                if start + visit.duration <= window.end + 1e-9 and (
                    start + visit.duration + back_t <= hours.end + 1e-9
                ):
                    return "the workers with the skill are fully booked in its windows"
    return "no worker with the skill works at a time that fits its windows"


def check(problem: Problem, travel: Matrices, plan: WeekPlan) -> tuple[list[str], float, float]:
    """Recompute each worker-day from its stops: the worker has the skill and works that day,
    each visit once, inside one of its windows, after the travel from the previous place and
    back home within the working hours. Returns the violations and the driving (km, min)."""
    nw = len(problem.workers)
    worker_index = {w.id: k for k, w in enumerate(problem.workers)}
    visit_index = {v.id: i for i, v in enumerate(problem.visits)}
    violations: list[str] = []
    seen: set[int] = set()
    km = minutes = 0.0
    for (worker_id, day), stops in plan.days().items():
        k = worker_index.get(worker_id)
        if k is None:
            violations.append(f"worker {worker_id} is not in the problem")
            continue
        worker = problem.workers[k]
        hours = next((h for h in worker.hours if h.day == day), None)
        if hours is None:
            violations.append(f"worker {worker_id} does not work on day {day}")
            continue
        place, clock = k, hours.start
        for stop in stops:
            i = visit_index.get(stop.visit)
            if i is None:
                violations.append(f"visit {stop.visit} is not in the problem")
                continue
            visit = problem.visits[i]
            if stop.visit in seen:
                violations.append(f"visit {stop.visit} is planned twice")
            seen.add(stop.visit)
            if visit.skill not in worker.skills:
                violations.append(f"worker {worker_id} lacks {visit.skill!r} for visit {visit.id}")
            if problem.fixed.get(visit.id, (worker_id, day)) != (worker_id, day):
                violations.append(f"visit {visit.id} is not where the organiser fixed it")
            here = nw + i
            km += travel.distance[place][here]
            minutes += travel.travel[place][here]
            arrive = clock + travel.travel[place][here]
            if stop.start < arrive - 1e-3:
                violations.append(f"visit {visit.id} starts before the worker can arrive")
            if not any(
                w.day == day
                and w.start - 1e-3 <= stop.start
                and stop.start + visit.duration <= w.end + 1e-3
                for w in visit.windows
            ):
                violations.append(f"visit {visit.id} is outside the person's windows")
            if not math.isclose(stop.end, stop.start + visit.duration, abs_tol=1e-6):
                violations.append(f"visit {visit.id} does not last its duration")
            place, clock = here, max(arrive, stop.start) + visit.duration
        km += travel.distance[place][k]
        minutes += travel.travel[place][k]
        if clock + travel.travel[place][k] > hours.end + 1e-3:
            violations.append(f"worker {worker_id} gets home after the end of day {day}")
    return violations, km, minutes
