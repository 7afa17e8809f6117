"""The ALNS solver on small instances with optima worked out by hand."""

from __future__ import annotations

import random

import numpy as np
import pytest

from opencus.routing import checker, kernel, solver
from opencus.routing.model import Instance, Plan
from opencus.routing.pool import RoutePool
from opencus.routing.solver import solve

from .lines import line_instance


def feasible(instance: Instance, plan: Plan) -> bool:
    arrays = kernel.Arrays(instance)
    served = sorted(node for route in plan.routes for node in route)
    expected = sorted(
        node
        for r in instance.requests
        if r.id not in plan.unserved
        for node in (r.pickup, r.dropoff)
    )
    verdict = checker.check(instance, plan)
    assert verdict.feasible, verdict.violations
    assert abs(verdict.cost - plan.cost) < 1e-6
    return served == expected and all(
        arrays.feasible(v, route) for v, route in enumerate(plan.routes)
    )


def scattered(n: int, seed: int = 3) -> Instance:
    rng = random.Random(seed)
    trips = [(rng.uniform(-20, 20), rng.uniform(-20, 20)) for _ in range(n)]
    return line_instance(trips, vehicles=2, capacity=2, max_ride=30.0)


@pytest.mark.parametrize(("capacity", "optimum"), [(1, 18.0), (2, 12.0)])
def test_known_optimum(capacity: int, optimum: float) -> None:
    # Both passengers ride the same way: sharing saves 6 when two may sit at once.
    instance = line_instance([(1.0, 5.0), (2.0, 6.0)], vehicles=2, capacity=capacity)
    plan = solve(instance, seconds=5, seed=1, iterations=50)
    assert plan.cost == pytest.approx(optimum)
    assert plan.unserved == {}
    assert feasible(instance, plan)


def test_four_requests_along_a_line() -> None:
    instance = line_instance([(1.0, 2.0), (3.0, 4.0), (5.0, 6.0), (7.0, 8.0)], vehicles=3)
    plan = solve(instance, seconds=5, seed=2, iterations=200)
    assert plan.cost == pytest.approx(16.0)
    assert feasible(instance, plan)


def test_same_seed_same_plan() -> None:
    instance = scattered(14)
    first = solve(instance, seconds=20, seed=7, iterations=150)
    again = solve(instance, seconds=20, seed=7, iterations=150)
    assert first.routes == again.routes
    assert first.cost == again.cost
    assert feasible(instance, first)


def test_pinned_requests_stay_on_their_vehicle() -> None:
    instance = line_instance([(1.0, 2.0), (1.0, 2.0)], vehicles=2, capacity=2)
    assert solve(instance, seconds=5, seed=1, iterations=30).cost == pytest.approx(4.0)
    plan = solve(instance, seconds=5, seed=1, iterations=30, pinned={0: 1, 1: 0})
    assert plan.routes == [[2, 4], [1, 3]]
    assert plan.cost == pytest.approx(8.0)


def test_warm_start_is_never_worse() -> None:
    instance = scattered(12)
    rough = solve(instance, seconds=5, seed=1, iterations=1)
    better = solve(instance, seconds=5, seed=5, iterations=40, initial=rough)
    assert better.cost <= rough.cost + 1e-9
    assert feasible(instance, better)
    # A warm start from the answer itself keeps the answer with no iteration at all.
    same = solve(instance, seconds=5, seed=5, iterations=0, initial=better)
    assert same.routes == better.routes


def test_warm_start_moves_pinned_requests() -> None:
    instance = line_instance([(1.0, 2.0), (1.0, 2.0)], vehicles=2, capacity=2)
    initial = Plan(routes=[[1, 2, 3, 4], []])
    plan = solve(instance, seconds=5, seed=1, iterations=5, initial=initial, pinned={0: 0, 1: 1})
    assert plan.routes == [[1, 3], [2, 4]]


def test_unserved_requests_say_why() -> None:
    windows = {3: (0.0, 0.5)}  # the third pickup (x = 4) is out of reach
    instance = line_instance(
        [(1.0, 2.0), (1.0, 2.0), (4.0, 5.0), (1.0, 9.0)],
        capacity=1,
        loads=[1, 2, 1, 1],
        max_ride=5.0,
        windows=windows,
    )
    plan = solve(instance, seconds=5, seed=1, iterations=20)
    assert set(plan.unserved) == {1, 2, 3}
    assert "no capacity for the load" in plan.unserved[1]
    assert "no vehicle can reach the pickup within its window" in plan.unserved[2]
    assert "the ride alone" in plan.unserved[3]
    assert plan.routes == [[1, 5]]
    assert plan.cost == pytest.approx(4.0)


def test_no_room_left_says_so() -> None:
    # One seat, and both passengers must travel in the same minute.
    windows = {1: (1.0, 1.0), 2: (1.0, 1.0)}
    instance = line_instance([(1.0, 2.0), (1.0, 2.0)], windows=windows)
    plan = solve(instance, seconds=5, seed=1, iterations=10)
    assert len(plan.unserved) == 1
    assert "no vehicle has room" in next(iter(plan.unserved.values()))


def test_time_limit_is_respected() -> None:
    import time

    instance = scattered(30)
    started = time.perf_counter()
    plan = solve(instance, seconds=0.5, seed=1)
    assert time.perf_counter() - started < 1.5
    assert feasible(instance, plan)


def test_every_route_the_kernel_accepts_passes_the_checker() -> None:
    rng = random.Random(11)
    accepted = 0
    for trial in range(150):
        n = rng.randint(2, 5)
        trips = [(rng.uniform(0, 20), rng.uniform(0, 20)) for _ in range(n)]
        windows = {
            rng.randint(1, 2 * n): (t, t + rng.uniform(0, 15))
            for t in (rng.uniform(0, 40) for _ in range(n))
        }
        instance = line_instance(
            trips,
            capacity=2,
            max_ride=rng.uniform(10, 30),
            windows=windows,
            service=1.0,
            max_duration=rng.uniform(60, 120),
        )
        order = list(range(1, n + 1))
        rng.shuffle(order)
        route: list[int] = []
        for r in order:  # a random sequence that keeps each pickup before its drop-off
            i = rng.randint(0, len(route))
            j = rng.randint(i, len(route))
            route = route[:i] + [r] + route[i:j] + [r + n] + route[j:]
        ours = kernel.Arrays(instance).feasible(0, route)
        theirs = checker.route_feasible(instance, instance.vehicles[0], route)
        if ours:
            accepted += 1
            assert theirs, (trial, route)
    assert accepted >= 5


def test_every_cycle_ends_with_a_recombination_the_checker_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = scattered(14)
    recombined: list[list[list[int]]] = []
    original = RoutePool.recombine

    def spy(self: RoutePool, *args: object, **kwargs: object) -> list[np.ndarray] | None:
        routes = original(self, *args, **kwargs)  # type: ignore[arg-type]
        assert routes is not None
        recombined.append([route.tolist() for route in routes])
        return routes

    monkeypatch.setattr(RoutePool, "recombine", spy)
    plan = solve(instance, seconds=20, seed=4, iterations=300)
    assert len(recombined) == solver.CYCLES
    for routes in recombined:
        verdict = checker.check(instance, Plan(routes=routes, unserved=plan.unserved))
        assert verdict.feasible, verdict.violations
        # Never worse than the plan it started from: the final answer is no dearer.
        assert verdict.cost >= plan.cost - 1e-9
    assert feasible(instance, plan)
