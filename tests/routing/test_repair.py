"""The compiled repairs, removal and relocate descent, and the tighter insertion filters, against
plain enumeration with the exact schedule check on small random instances."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pytest

from opencus.routing import checker, kernel
from opencus.routing.model import Instance, Node, Plan, Request, Vehicle, Window

from .lines import line_instance


def planar(n: int, seed: int, vehicles: int = 3, capacity: int = 3) -> Instance:
    """``n`` requests in a 20 x 20 square with tight-ish windows, ride limits, service times,
    loads of 1-2 and a route duration limit: a small instance where all the filters bite."""
    rng = random.Random(seed)
    points = [(0.0, 0.0)] + [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(2 * n)]
    nodes = [Node(0, 0.0, 0.0, 0.0, Window(0.0, 300.0))]
    for i in range(1, 2 * n + 1):
        x, y = points[i]
        start = rng.uniform(0, 200)
        window = Window(start, start + rng.uniform(5, 30)) if rng.random() < 0.5 else Window()
        nodes.append(Node(i, x, y, 1.0, window))
    travel = [[math.dist(a, b) for b in points] for a in points]
    requests = [
        Request(r, r + 1, n + r + 1, (rng.choice([1, 1, 2]),), rng.uniform(12, 40))
        for r in range(n)
    ]
    fleet = [
        Vehicle(k, (capacity,), 0, 0, Window(0.0, 300.0), rng.uniform(120, 300))
        for k in range(vehicles)
    ]
    return Instance("planar", nodes, requests, fleet, travel, [row[:] for row in travel])


def args(instance: Instance) -> tuple[tuple[np.ndarray, ...], tuple[Any, ...]]:
    a = kernel.Arrays(instance)
    k = len(instance.vehicles)
    requests = (
        np.array([r.pickup for r in instance.requests], dtype=np.int64),
        np.array([r.dropoff for r in instance.requests], dtype=np.int64),
        np.full(len(instance.requests), -1, dtype=np.int64),
        np.arange(k, dtype=np.int64),  # every vehicle its own class
    )
    routes = (
        a.distance,
        *a.node_args(),
        a.capacity,
        a.start,
        a.end,
        a.shift_earliest,
        a.shift_latest,
        a.max_duration,
    )
    return requests, routes


def empty_state(instance: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    k, n = len(instance.vehicles), len(instance.requests)
    return (
        np.zeros((k, 2 * n + 2), dtype=np.int64),
        np.zeros(k, dtype=np.int64),
        np.zeros(k),
    )


def plan_of(state: tuple[np.ndarray, np.ndarray, np.ndarray], left: object = ()) -> Plan:
    routes, lens, costs = state
    unserved = {int(r): "left out" for r in np.asarray(left, dtype=np.int64)}
    return Plan(routes=[routes[v, : lens[v]].tolist() for v in range(len(lens))], unserved=unserved)


def driven(instance: Instance, vehicle: int, route: list[int]) -> float:
    """The distance of ``route`` from ``vehicle``'s start depot to its end depot, summed
    independently of the kernel."""
    path = [instance.vehicles[vehicle].start, *route, instance.vehicles[vehicle].end]
    return sum(instance.distance[a][b] for a, b in zip(path, path[1:], strict=False))


def routes_ok(instance: Instance, state: tuple[np.ndarray, np.ndarray, np.ndarray]) -> float:
    """The checker's verdict on every route alone; returns the plan's distance."""
    total = 0.0
    for v, route in enumerate(plan_of(state).routes):
        assert checker.route_feasible(instance, instance.vehicles[v], route), (v, route)
        total += driven(instance, v, route)
    return total


def exhaustive(
    instance: Instance,
    vehicle: int,
    route: list[int],
    r: int,
    feasible: Callable[[list[int]], bool] | None = None,
) -> float:
    """The cheapest feasible insertion by trying every pair of positions with ``feasible``
    (by default the checker)."""
    request = instance.requests[r]
    if feasible is None:
        feasible = partial(checker.route_feasible, instance, instance.vehicles[vehicle])
    best = kernel.INF
    for i in range(len(route) + 1):
        for j in range(i, len(route) + 1):
            new = route[:i] + [request.pickup] + route[i:j] + [request.dropoff] + route[j:]
            if feasible(new):
                best = min(best, driven(instance, vehicle, new) - driven(instance, vehicle, route))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_best_insertion_finds_what_enumeration_finds(seed: int) -> None:
    # The filters only drop insertions that cannot be feasible: the cheapest feasible one
    # found by the kernel is the cheapest found by trying every pair with the checker.
    instance = planar(7, seed)
    requests, routes = args(instance)
    state = empty_state(instance)
    kernel.repair(*state, np.arange(5, dtype=np.int64), kernel.SEQUENTIAL, 0.0, np.zeros(1),
                  *requests, *routes)  # fmt: skip
    plan = plan_of(state)
    served = {node for route in plan.routes for node in route}
    compared = 0
    for r in range(len(instance.requests)):
        if instance.requests[r].pickup in served:
            continue
        for v, route in enumerate(plan.routes):
            cost, i, _ = kernel._evaluate(*state[:2], v, requests[0][r], requests[1][r],
                                          kernel.INF, *routes)  # fmt: skip
            expected = exhaustive(instance, v, route, r)
            if expected >= kernel.INF:
                assert i < 0
            else:
                compared += 1
                assert cost == pytest.approx(expected)
    assert compared > 0


def cordeau_like(n: int, seed: int, service: float, max_ride: float, short: bool) -> Instance:
    """``n`` requests shaped like the benchmark sets: a 15-minute window at the pickup or at the
    drop-off, service times, a maximum ride time and a route duration limit, so that routes
    wait for windows with passengers on board and run close to their duration."""
    rng = random.Random(seed)
    points = [(0.0, 0.0)] + [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(2 * n)]
    horizon = 600.0 if short else 1440.0
    windows = [Window(0.0, horizon) for _ in points]
    for r in range(n):
        opens = rng.uniform(30, 500) if short else rng.uniform(60, 1300)
        windows[1 + r if rng.random() < 0.5 else 1 + n + r] = Window(opens, opens + 15)
    nodes = [
        Node(i, x, y, 0.0 if i == 0 else service, windows[i]) for i, (x, y) in enumerate(points)
    ]
    travel = [[math.dist(a, b) for b in points] for a in points]
    requests = [Request(r, 1 + r, 1 + n + r, (1,), max_ride) for r in range(n)]
    capacity, duration = ((3,), 240.0) if short else ((6,), 480.0)
    fleet = [Vehicle(k, capacity, 0, 0, Window(0.0, horizon), duration) for k in range(3)]
    return Instance("like", nodes, requests, fleet, travel, [row[:] for row in travel])


@pytest.mark.parametrize("seed", range(16))
@pytest.mark.parametrize("short", [True, False])
def test_the_column_of_a_route_finds_what_enumeration_finds(seed: int, short: bool) -> None:
    # The repairs try every request on a route at once (:func:`kernel._column`) with thorough
    # filters: rides that include forced waiting, the passengers on board at both new stops,
    # the route's shortest duration. They drop only insertions that cannot be feasible: the
    # cheapest insertion found is the cheapest that trying every pair of positions finds.
    n = 16 if short else 24
    instance = cordeau_like(n, seed, 3.0 if short else 10.0, 30.0 if short else 90.0, short)
    requests, routes = args(instance)
    arrays = kernel.Arrays(instance)
    state = empty_state(instance)
    by_window = sorted(range(n), key=lambda r: instance.nodes[r + 1].window.earliest)
    kernel.repair(*state, np.array(by_window, dtype=np.int64), kernel.SEQUENTIAL, 0.0,
                  np.zeros(1), *requests, *routes)  # fmt: skip
    plan = plan_of(state)
    todo = np.arange(n, dtype=np.int64)
    k = len(instance.vehicles)
    cost = np.full((n, k), kernel.INF)
    at_i = np.full((n, k), -1, dtype=np.int64)
    at_j = at_i.copy()
    compared = 0
    for v, route in enumerate(plan.routes):
        kernel._column(*state[:2], v, todo, np.ones(n, dtype=np.bool_), cost, at_i, at_j, False,
                       *requests[:3], *routes)  # fmt: skip
        for r, request in enumerate(instance.requests):
            if request.pickup in route:
                continue
            # The kernel's exact check (the checker's agreement with it is tested elsewhere).
            best = exhaustive(instance, v, route, r, partial(arrays.feasible, v))
            if best >= kernel.INF:
                assert at_i[r, v] < 0, (v, r)
            else:
                compared += 1
                assert cost[r, v] == pytest.approx(best), (v, r)
    assert compared > 0


@pytest.mark.parametrize("mode", [kernel.SEQUENTIAL, kernel.GREEDY, kernel.REGRET2, kernel.REGRET3])
def test_every_repair_builds_checked_routes(mode: int) -> None:
    instance = planar(12, seed=5)
    requests, routes = args(instance)
    state = empty_state(instance)
    todo = np.arange(12, dtype=np.int64)
    left = kernel.repair(*state, todo, mode, 0.0, np.zeros(1), *requests, *routes)
    plan = plan_of(state, left)
    verdict = checker.check(instance, plan)
    assert verdict.violations == []
    served = sorted(node for route in plan.routes for node in route)
    assert len(served) == 2 * (12 - len(left))
    assert set(left.tolist()).isdisjoint({(node - 1) for node in served if node <= 12})
    for v, route in enumerate(plan.routes):
        assert state[2][v] == pytest.approx(kernel.route_cost(np.array(route, dtype=np.int64),
                                                              routes[0], 0, 0))  # fmt: skip


def test_regret_serves_the_request_with_one_option_first() -> None:
    # One seat per vehicle. Request 1 can only ride with vehicle 0 early; request 0 fits
    # either. Regret places request 1 first, so both are served.
    instance = line_instance(
        [(1.0, 3.0), (1.0, 3.0)], vehicles=2, capacity=1, windows={2: (1.0, 1.0)}
    )
    requests, routes = args(instance)
    for mode in (kernel.REGRET2, kernel.REGRET3):
        state = empty_state(instance)
        left = kernel.repair(*state, np.array([0, 1], dtype=np.int64), mode, 0.0, np.zeros(1),
                             *requests, *routes)  # fmt: skip
        assert left.tolist() == []
        assert checker.check(instance, plan_of(state)).feasible


def test_repairs_keep_pins_and_skip_twin_empty_vehicles() -> None:
    instance = line_instance([(1.0, 2.0), (1.0, 2.0), (1.0, 2.0)], vehicles=3, capacity=3)
    requests, routes = args(instance)
    pinned = requests[2].copy()
    pinned[1] = 2
    same_kind = np.zeros(3, dtype=np.int64)
    for mode in (kernel.SEQUENTIAL, kernel.GREEDY, kernel.REGRET2):
        state = empty_state(instance)
        todo = np.arange(3, dtype=np.int64)
        kernel.repair(*state, todo, mode, 0.0, np.zeros(1), requests[0], requests[1], pinned,
                      same_kind, *routes)  # fmt: skip
        plan = plan_of(state)
        assert 2 in plan.routes[2] and 5 in plan.routes[2]
        # Vehicle 1 stands behind vehicle 0 while both are empty; the pinned request still
        # gets its own vehicle, and the others share a trip.
        assert plan.routes[1] == []
        assert sum(state[2]) <= 8.0 + 1e-9


def test_noise_changes_choices_not_costs() -> None:
    instance = planar(10, seed=8)
    requests, routes = args(instance)
    draws = np.array([random.Random(1).uniform(-1, 1) for _ in range(64)])
    state = empty_state(instance)
    left = kernel.repair(*state, np.arange(10, dtype=np.int64), kernel.REGRET2, 5.0, draws,
                         *requests, *routes)  # fmt: skip
    plan = plan_of(state, left)
    verdict = checker.check(instance, plan)
    assert verdict.violations == []
    assert float(state[2].sum()) == pytest.approx(verdict.cost)


def test_remove_and_relocate_descent() -> None:
    instance = planar(10, seed=4)
    requests, routes = args(instance)
    state = empty_state(instance)
    kernel.repair(*state, np.arange(10, dtype=np.int64), kernel.SEQUENTIAL, 0.0, np.zeros(1),
                  *requests, *routes)  # fmt: skip
    gone = np.zeros(len(instance.nodes), dtype=np.bool_)
    gone[[1, 11]] = True  # request 0
    kernel.remove_requests(*state, gone, routes[0], routes[10], routes[11])
    assert all(1 not in route and 11 not in route for route in plan_of(state).routes)
    before = float(state[2].sum())
    assert routes_ok(instance, state) == pytest.approx(before)
    saved = kernel.relocate_descent(*state, np.arange(10, dtype=np.int64), *requests, *routes)
    after = float(state[2].sum())
    assert saved >= 0.0
    assert after == pytest.approx(before - saved)
    assert routes_ok(instance, state) == pytest.approx(after)


def test_relocate_descent_moves_a_request_to_a_cheaper_route() -> None:
    # Request 1 rides alone on vehicle 1 though vehicle 0 passes by: moving it saves 4.
    instance = line_instance([(1.0, 2.0), (1.0, 2.0)], vehicles=2, capacity=2)
    requests, routes = args(instance)
    state = empty_state(instance)
    state[0][0, :2], state[0][1, :2] = [1, 3], [2, 4]
    state[1][:] = 2
    state[2][:] = 4.0
    saved = kernel.relocate_descent(*state, np.arange(2, dtype=np.int64), *requests, *routes)
    assert saved == pytest.approx(4.0)
    assert float(state[2].sum()) == pytest.approx(4.0)
    assert checker.check(instance, plan_of(state)).feasible


def request_of_node(instance: Instance) -> np.ndarray:
    of = np.full(len(instance.nodes), -1, dtype=np.int64)
    for r, request in enumerate(instance.requests):
        of[request.pickup] = of[request.dropoff] = r
    return of


def test_tail_exchange_swaps_the_tails_of_two_routes_unless_pinned() -> None:
    # Vehicle 0 drives A (1 -> 2) then B (-3 -> -4); vehicle 1 drives C (-1 -> -2) then
    # D (3 -> 4): 12 each. Exchanging the tails after the first request gives A, D and C, B:
    # 8 each.
    instance = line_instance([(1.0, 2.0), (-3.0, -4.0), (-1.0, -2.0), (3.0, 4.0)], vehicles=2)
    requests, routes = args(instance)
    for pinned, expected in ((False, [[1, 5, 4, 8], [3, 7, 2, 6]]), (True, None)):
        pins = requests[2].copy()
        if pinned:
            pins[1], pins[3] = 0, 1  # B stays on vehicle 0, D on vehicle 1
        state = empty_state(instance)
        state[0][0, :4], state[0][1, :4] = [1, 5, 2, 6], [3, 7, 4, 8]
        state[1][:] = 4
        state[2][:] = 12.0
        before = plan_of(state).routes
        saved = kernel.tail_exchange_descent(*state, request_of_node(instance), pins, *routes)
        if expected is None:
            assert saved == 0.0
            assert plan_of(state).routes == before
        else:
            assert saved == pytest.approx(8.0)
            assert plan_of(state).routes == expected
            assert state[2].tolist() == pytest.approx([8.0, 8.0])
            assert checker.check(instance, plan_of(state)).feasible


def empty_points(instance: Instance, route: list[int]) -> list[int]:
    pickups = {r.pickup for r in instance.requests}
    points, on_board = [0], 0
    for s, node in enumerate(route):
        on_board += 1 if node in pickups else -1
        if on_board == 0:
            points.append(s + 1)
    return points


def best_exchange(instance: Instance, plan: Plan) -> float:
    """The largest saving of one tail exchange between two routes, by trying every pair of
    empty points with the checker (0 when none saves anything)."""
    best = 0.0
    routes = plan.routes
    for a in range(len(routes)):
        for b in range(a + 1, len(routes)):
            for i in empty_points(instance, routes[a]):
                for j in empty_points(instance, routes[b]):
                    new_a, new_b = routes[a][:i] + routes[b][j:], routes[b][:j] + routes[a][i:]
                    gain = (
                        driven(instance, a, routes[a])
                        + driven(instance, b, routes[b])
                        - driven(instance, a, new_a)
                        - driven(instance, b, new_b)
                    )
                    if (
                        gain > best
                        and checker.route_feasible(instance, instance.vehicles[a], new_a)
                        and checker.route_feasible(instance, instance.vehicles[b], new_b)
                    ):
                        best = gain
    return best


@pytest.mark.parametrize("seed", range(8))
def test_tail_exchange_descent_ends_where_no_exchange_saves(seed: int) -> None:
    # From a plan built in random order, the descent keeps every route feasible and the same
    # requests served, saves exactly what the costs say, and stops only where trying every
    # exchange with the checker finds none that saves anything.
    n = 24
    instance = cordeau_like(n, seed, 3.0, 60.0, short=False)
    requests, routes = args(instance)
    state = empty_state(instance)
    order = list(range(n))
    random.Random(seed).shuffle(order)
    left = kernel.repair(*state, np.array(order, dtype=np.int64), kernel.SEQUENTIAL, 0.0,
                         np.zeros(1), *requests, *routes)  # fmt: skip
    before = float(state[2].sum())
    served = sorted(node for route in plan_of(state).routes for node in route)
    possible = best_exchange(instance, plan_of(state))
    saved = kernel.tail_exchange_descent(*state, request_of_node(instance), requests[2], *routes)
    plan = plan_of(state, left)
    assert checker.check(instance, plan).violations == []
    assert sorted(node for route in plan.routes for node in route) == served
    assert routes_ok(instance, state) == pytest.approx(float(state[2].sum()))
    assert float(state[2].sum()) == pytest.approx(before - saved)
    assert (saved > 0.0) == (possible > 1e-7)
    assert best_exchange(instance, plan) <= 1e-6


def test_joined_cost_is_the_distance_of_the_joined_route() -> None:
    # The descent prices every exchange in O(1) from prefix distances: for every cut of both
    # routes (ends included) that price is the joined route's distance.
    instance = planar(8, seed=3)
    distance = kernel.Arrays(instance).distance
    head = np.array([1, 2, 9, 10, 3, 11], dtype=np.int64)
    tail = np.array([4, 12, 5, 6, 13, 14], dtype=np.int64)
    head_prefix, tail_prefix = np.empty(7), np.empty(7)
    kernel._prefix(head, 6, distance, 0, head_prefix)
    kernel._prefix(tail, 6, distance, 0, tail_prefix)
    for i in range(7):
        for j in range(7):
            joined = np.concatenate([head[:i], tail[j:]])
            expected = kernel.route_cost(joined, distance, 0, 0)
            price = kernel._joined_cost(head, head_prefix, i, 0, tail, tail_prefix, j, 6,
                                        distance, 0)  # fmt: skip
            assert price == pytest.approx(expected), (i, j)
