"""Weekly home-visit rounds (PyVRP) and the plain OR-Tools model, on small weeks on a line
whose answers can be worked out by hand."""

from __future__ import annotations

import pytest

from opencus.routing import rounds, rounds_ortools
from opencus.routing.rounds import Problem, Stop, Visit, WeekPlan, Window, Worker
from opencus.routing.travel import Matrices

DAY_HOURS = (8 * 60.0, 16 * 60.0)


def on_line(problem: Problem, positions: list[float]) -> Matrices:
    """Places on a line at ``positions`` km (homes first, then visits), driven at 30 km/h."""
    assert len(positions) == len(problem.places)
    distance = [[abs(a - b) for b in positions] for a in positions]
    travel = [[2.0 * d for d in row] for row in distance]
    return Matrices(travel=travel, distance=distance, source="line")


def worker(wid: int, skills: set[str], days: tuple[int, ...] = (0, 1, 2, 3, 4)) -> Worker:
    return Worker(wid, (0.0, 0.0), frozenset(skills), tuple(Window(d, *DAY_HOURS) for d in days))


def visit(vid: int, skill: str, *windows: tuple[int, float, float], duration: float = 30.0):
    return Visit(vid, (0.0, 0.0), duration, skill, tuple(Window(*w) for w in windows))


def plan_of(problem: Problem, travel: Matrices, solver: str) -> WeekPlan:
    if solver == "ortools":
        return rounds_ortools.solve(problem, seconds=2, travel=travel)
    return rounds.solve(problem, seconds=10, seed=1, travel=travel, iterations=300)


@pytest.mark.parametrize("solver", ["pyvrp", "ortools"])
def test_each_visit_goes_to_a_worker_with_its_skill_inside_its_window(solver):
    problem = Problem(
        visits=(
            visit(1, "nursing", (0, 540, 600)),
            visit(2, "physiotherapy", (0, 480, 960)),
            visit(3, "nursing", (0, 600, 720)),
        ),
        workers=(worker(1, {"nursing"}, (0,)), worker(2, {"physiotherapy"}, (0,))),
    )
    travel = on_line(problem, [0, 10, 1, 2, 1.5])
    plan = plan_of(problem, travel, solver)
    assert plan.left_out == {}
    by_visit = {s.visit: s for s in plan.stops}
    assert by_visit[1].worker == by_visit[3].worker == 1
    assert by_visit[2].worker == 2
    assert by_visit[1].start >= 540 and by_visit[1].end <= 600
    assert by_visit[3].start >= 600 and by_visit[3].end <= 720
    assert rounds.check(problem, travel, plan)[0] == []
    # Worker 1: home (0) -> 1 -> 1.5 -> home; worker 2: home (10) -> 2 -> home.
    assert plan.travel_km == pytest.approx(3.0 + 16.0)


@pytest.mark.parametrize("solver", ["pyvrp", "ortools"])
def test_a_visit_with_several_days_is_planned_once_on_a_day_its_worker_works(solver):
    problem = Problem(
        visits=(visit(1, "handyman", (0, 480, 960), (2, 480, 960), (3, 600, 700)),),
        workers=(worker(1, {"handyman"}, (2, 4)),),
    )
    travel = on_line(problem, [0, 3])
    plan = plan_of(problem, travel, solver)
    assert [(s.visit, s.day) for s in plan.stops] == [(1, 2)]
    assert plan.travel_km == pytest.approx(6.0)


def test_the_same_seed_and_iterations_give_the_same_plan():
    problem = Problem(
        visits=tuple(visit(i, "nursing", (i % 2, 480, 960)) for i in range(1, 9)),
        workers=(worker(1, {"nursing"}), worker(2, {"nursing"})),
    )
    travel = on_line(problem, [0, 5, 1, 2, 3, 4, 6, 7, 8, 9])
    first = rounds.solve(problem, seconds=10, seed=3, travel=travel, iterations=200)
    second = rounds.solve(problem, seconds=10, seed=3, travel=travel, iterations=200)
    assert first.stops == second.stops
    assert first.left_out == {}


def test_visits_that_cannot_be_fitted_are_listed_with_the_reason():
    problem = Problem(
        visits=(
            visit(1, "podiatry", (0, 480, 960)),
            visit(2, "nursing", (0, 480, 500)),
            visit(3, "nursing", (1, 480, 960)),
            visit(4, "nursing", (0, 600, 660), duration=60),
            visit(5, "nursing", (0, 600, 660), duration=60),
        ),
        workers=(worker(1, {"nursing"}, (0,)),),
    )
    travel = on_line(problem, [0, 1, 1, 1, 1, 1])
    plan = rounds.solve(problem, seconds=10, seed=1, travel=travel, iterations=200)
    assert plan.left_out[1] == "no worker has the skill 'podiatry'"
    assert plan.left_out[2] == "every window is shorter than the visit"
    assert plan.left_out[3] == "no worker with the skill works at a time that fits its windows"
    # Only one of the two hour-long visits fits in the same hour.
    assert len({4, 5} & set(plan.left_out)) == 1
    assert "fully booked" in plan.left_out[({4, 5} & set(plan.left_out)).pop()]
    assert rounds.check(problem, travel, plan)[0] == []


def test_the_check_finds_a_visit_outside_its_window_the_wrong_skill_and_a_late_return():
    problem = Problem(
        visits=(visit(1, "nursing", (0, 540, 600)), visit(2, "handyman", (0, 480, 960))),
        workers=(worker(1, {"nursing"}, (0,)),),
    )
    travel = on_line(problem, [0, 1, 2])
    plan = WeekPlan(
        stops=[Stop(1, 1, 0, 700.0, 730.0), Stop(2, 1, 0, 940.0, 970.0), Stop(1, 1, 0, 980, 1010)]
    )
    violations, km, _minutes = rounds.check(problem, travel, plan)
    assert "visit 1 is outside the person's windows" in violations
    assert "worker 1 lacks 'handyman' for visit 2" in violations
    assert "visit 1 is planned twice" in violations
    assert "worker 1 gets home after the end of day 0" in violations
    assert km == pytest.approx(1 + 1 + 1 + 1)
    assert rounds.check(problem, travel, WeekPlan(stops=[Stop(1, 1, 3, 560, 590)]))[0] == [
        "worker 1 does not work on day 3"
    ]


def test_a_window_must_lie_within_one_day():
    with pytest.raises(ValueError):
        Window(0, 600, 500)
    with pytest.raises(ValueError):
        Window(0, 600, 1500)


def test_an_empty_week_plans_nothing():
    problem = Problem(visits=(), workers=(worker(1, {"nursing"}),))
    travel = on_line(problem, [0])
    assert rounds.solve(problem, seconds=1, travel=travel).stops == []
    assert rounds_ortools.solve(problem, seconds=1, travel=travel).stops == []


@pytest.mark.parametrize("solver", ["pyvrp", "ortools"])
def test_a_visit_the_organiser_fixed_stays_with_that_worker_on_that_day(solver):
    visits = (visit(1, "nursing", (0, 480, 960), (1, 480, 960)), visit(2, "nursing", (0, 480, 960)))
    workers = (worker(1, {"nursing"}, (0, 1)), worker(2, {"nursing"}, (0, 1)))
    travel_at = [0.0, 10.0, 1.0, 9.0]  # worker 1 lives by visit 1, worker 2 by visit 2
    free = Problem(visits=visits, workers=workers)
    plan = plan_of(free, on_line(free, travel_at), solver)
    assert {(s.visit, s.worker) for s in plan.stops} == {(1, 1), (2, 2)}
    fixed = Problem(visits=visits, workers=workers, fixed={1: (2, 1)})
    travel = on_line(fixed, travel_at)
    plan = plan_of(fixed, travel, solver)
    assert {(s.visit, s.worker, s.day) for s in plan.stops} == {(1, 2, 1), (2, 2, 0)}
    moved = WeekPlan(stops=[Stop(1, 1, 0, 500, 530), Stop(2, 2, 0, 500, 530)])
    assert "visit 1 is not where the organiser fixed it" in rounds.check(fixed, travel, moved)[0]


def test_a_fixed_visit_that_does_not_fit_says_so_and_unknown_pins_are_refused():
    problem = Problem(
        visits=(visit(1, "nursing", (0, 480, 960), (1, 480, 960)),),
        workers=(worker(1, {"nursing"}, (0,)),),
        fixed={1: (1, 1)},
    )
    plan = rounds.solve(problem, seconds=5, travel=on_line(problem, [0, 1]), iterations=50)
    assert plan.left_out == {1: "it does not fit into the day of the worker it is fixed to"}
    with pytest.raises(ValueError):
        Problem(visits=problem.visits, workers=problem.workers, fixed={1: (9, 0)})
