"""The dial-a-ride solver: an adaptive large neighbourhood search (ALNS).

Each iteration removes a few requests (random, worst or related/Shaw removal) and reinserts
them with one of six repairs, all run as one compiled call (:func:`kernel.repair`): in random
order, by time or longest ride first, each at its cheapest feasible position over all
vehicles; or the cheapest insertion first, regret-2 or regret-3, keeping the best insertion
of each request into each route and recomputing it only for the route that changed. Each
repair also runs with noise on the costs it chooses by (Ropke & Pisinger 2006), which lets
it leave the cheapest-first path.
Insertions are found by :func:`kernel.best_insertion`: cheap necessary filters (loads, windows,
the new passenger's ride, the detour for the passengers on board, the route's shortest
duration), then the exact schedule check in cost order. Each new best plan is
polished by two descents in turn: relocating single requests (:func:`kernel.relocate_descent`)
and exchanging the tails of two routes where both vehicles are empty
(:func:`kernel.tail_exchange_descent`). A simulated-annealing rule accepts the new plan.
Two walks take turns, iteration by iteration, each from its own current plan: one walk alone
settles in one basin of good plans and rarely leaves it, even with more time, while two part
ways within a cycle and feed the pool below from two basins. The run is split into a few
cycles; at the end of each, the walk further behind takes over the best plan (so both restart
from it, unless the pool gave a better one), and the temperature starts again from the top
and cools geometrically, so the schedule stretches over the time limit whatever the
instance's size.
Removal and repair operators are chosen by two roulettes with adaptive weights.

Every accepted plan leaves its routes in a pool (:mod:`.pool`); at the end of every cycle a
set-partitioning model picks the cheapest plan made of the pool's routes, which becomes the
best plan when it is better (Parragh & Schmid 2013). The routes of different plans combine
there as no single removal and repair would combine them.

Objective: the total distance plus a large penalty per unserved request, so a plan that
serves more requests always wins.

Determinism: every random choice comes from ``random.Random(seed)``. With ``iterations``
given, the schedule follows the iteration count and never the clock, so a run is exactly
reproducible (the time limit then only acts as a safety stop, and a recombination stops after
a number of branch-and-bound nodes). Without it, the schedule follows the elapsed share of the
time limit, less the time the recombinations took.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping

import numpy as np

from . import kernel
from .model import Instance, Plan, Route
from .pool import RoutePool

#: Annealing cycles per run (over the time limit, or over ``iterations`` when given); each
#: cycle restarts from the best plan and cools down again.
CYCLES = 6
#: The starting temperature, as a fraction of the best plan's cost.
START_TEMPERATURE = 0.01
#: At most this many requests plus this fraction of the served ones are removed at a time.
REMOVE_BASE = 4
REMOVE_FRACTION = 0.3
#: The temperature at the end of a cycle, as a fraction of the starting one.
END_TEMPERATURE = 0.01
#: The share of the time limit each set-partitioning recombination of the pool's routes may
#: take (one at the end of every cycle).
RECOMBINE_SHARE = 0.03
#: The insertion noise, as a fraction of the longest distance (Ropke & Pisinger 2006: 0.025).
NOISE = 0.025
#: In reproducible runs (``iterations`` given) a recombination stops after this many
#: branch-and-bound nodes rather than on the clock.
RECOMBINE_NODES = 500
#: Independent annealing walks that take turns, iteration by iteration.
WALKS = 2


#: A plan as the kernel keeps it: routes (one row per vehicle), their lengths and costs.
State = tuple[np.ndarray, np.ndarray, np.ndarray]

_warm = False


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernel on a tiny instance, once per process.
    :func:`solve` calls it before starting its clock, so the one-off compilation (about 10 s
    without numba's on-disk cache, well under a second with it) is not taken from the first
    search's time."""
    global _warm
    if _warm:
        return
    _warm = True
    from .model import Node, Request, Vehicle

    nodes = [Node(0, 0, 0), Node(1, 1, 0), Node(2, 2, 0)]
    travel = [[abs(a.x - b.x) for b in nodes] for a in nodes]
    instance = Instance(
        "warm-up", nodes, [Request(0, 1, 2, (1,), 10.0)], [Vehicle(0, (1,), 0, 0)], travel, travel
    )
    solve(instance, seconds=1.0, seed=1, iterations=2)


class _Walk:
    """One annealing walk: its current plan and the best plan it has found."""

    def __init__(self, state: State, unserved: list[int], value: float) -> None:
        self.move(state, unserved, value)
        self.keep_best((state[0].copy(), state[1].copy(), state[2].copy()), list(unserved), value)

    def move(self, state: State, unserved: list[int], value: float) -> None:
        self.state, self.unserved, self.value = state, unserved, value

    def keep_best(self, state: State, unserved: list[int], value: float) -> None:
        self.best_state, self.best_unserved, self.best = state, unserved, value


class _Search:
    def __init__(
        self, instance: Instance, seed: int, pinned: Mapping[int, int] | None = None
    ) -> None:
        self.instance = instance
        self.arrays = kernel.Arrays(instance)
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible search, not secrets
        self.dist = instance.distance
        self.requests = instance.requests
        self.n = len(instance.requests)
        self.k = len(instance.vehicles)
        index = {r.id: i for i, r in enumerate(self.requests)}
        self.pinned: dict[int, int] = {}
        for request_id, vehicle in (pinned or {}).items():
            if request_id not in index:
                raise ValueError(f"pinned request {request_id} is not in the instance")
            if not 0 <= vehicle < self.k:
                raise ValueError(f"pinned vehicle {vehicle} is not in the instance")
            self.pinned[index[request_id]] = vehicle
        self.request_at = {}
        for i, r in enumerate(self.requests):
            self.request_at[r.pickup] = i
            self.request_at[r.dropoff] = i
        biggest = max((max(row) for row in self.dist), default=1.0)
        self.penalty = 1000.0 + 10.0 * self.n * max(biggest, 1.0)
        self.noise = NOISE * biggest
        self.node_args = self.arrays.node_args()
        self.vehicle_args = [self.arrays.vehicle_args(v) for v in range(self.k)]
        self.when = [self._time_of(r.pickup, r.dropoff, r.max_ride) for r in self.requests]
        a = self.arrays
        pinned_to = np.full(max(self.n, 1), -1, dtype=np.int64)
        for pinned_request, vehicle in self.pinned.items():
            pinned_to[pinned_request] = vehicle
        kinds: dict[tuple[object, ...], int] = {}
        kind = np.array(
            [
                kinds.setdefault(
                    tuple(self.vehicle_args[v][1:]) + tuple(a.capacity[v].tolist()), len(kinds)
                )
                for v in range(self.k)
            ],
            dtype=np.int64,
        )
        self.request_args = (
            np.array([r.pickup for r in self.requests], dtype=np.int64),
            np.array([r.dropoff for r in self.requests], dtype=np.int64),
            pinned_to,
            kind,
        )
        self.route_args = (
            a.distance,
            *self.node_args,
            a.capacity,
            a.start,
            a.end,
            a.shift_earliest,
            a.shift_latest,
            a.max_duration,
        )
        #: Uniform numbers in [-1, 1) for the insertion noise, drawn once from the seed.
        self.draws = np.array([self.rng.uniform(-1.0, 1.0) for _ in range(8192)])
        request_of_node = np.full(len(instance.nodes), -1, dtype=np.int64)
        for i, r in enumerate(self.requests):
            request_of_node[r.pickup] = request_of_node[r.dropoff] = i
        self.request_of_node = request_of_node
        self.pool = RoutePool(request_of_node, a.is_pickup, kind, pinned_to)
        # Relatedness (Shaw removal): pickups' and drop-offs' distances and the times apart.
        pickup, dropoff = self.request_args[0], self.request_args[1]
        when = np.array(self.when, dtype=np.float64)
        self.relatedness = (
            a.distance[pickup[:, None], pickup[None, :]]
            + a.distance[dropoff[:, None], dropoff[None, :]]
            + np.abs(when[:, None] - when[None, :])
        )

    def _time_of(self, p: int, d: int, max_ride: float) -> float:
        nodes = self.instance.nodes
        wp, wd = nodes[p].window, nodes[d].window
        if wp.latest - wp.earliest <= wd.latest - wd.earliest:
            return (wp.earliest + min(wp.latest, wp.earliest + 1e4)) / 2
        mid = (wd.earliest + min(wd.latest, wd.earliest + 1e4)) / 2
        return mid - nodes[p].service - self.instance.travel[p][d]

    # -- plans --------------------------------------------------------------------------------

    def route_cost(self, vehicle: int, route: Route) -> float:
        v = self.instance.vehicles[vehicle]
        dist = self.dist
        prev, total = v.start, 0.0
        for node in route:
            total += dist[prev][node]
            prev = node
        return total + dist[prev][v.end]

    def feasible(self, vehicle: int, route: Route) -> bool:
        return self.arrays.feasible(vehicle, route)

    def lists(self, routes: np.ndarray, lens: np.ndarray) -> list[Route]:
        return [routes[v, : lens[v]].tolist() for v in range(self.k)]

    def served(self, state: State) -> list[int]:
        """The requests served, route by route in the order of their pickups."""
        routes, lens = state[0], state[1]
        nodes = routes[np.arange(routes.shape[1]) < lens[:, None]]
        return self.request_of_node[nodes[self.arrays.is_pickup[nodes] == 1]].tolist()

    # -- removal ------------------------------------------------------------------------------

    def random_removal(self, state: State, served: list[int], q: int) -> list[int]:
        return self.rng.sample(served, q)

    def worst_removal(self, state: State, served: list[int], q: int) -> list[int]:
        a = self.arrays
        gain = kernel.removal_gains(
            state[0], state[1], self.request_of_node, self.n, a.distance, a.start, a.end
        )
        ranked = [served[k] for k in np.argsort(-gain[served], kind="stable").tolist()]
        chosen: list[int] = []
        while len(chosen) < q and ranked:
            pick = int(self.rng.random() ** 4 * len(ranked))
            chosen.append(ranked.pop(pick))
        return chosen

    def related_removal(self, state: State, served: list[int], q: int) -> list[int]:
        seed = self.rng.choice(served)
        others = [r for r in served if r != seed]
        order = np.argsort(self.relatedness[seed][others], kind="stable").tolist()
        ranked = [others[k] for k in order]
        chosen = [seed]
        while len(chosen) < q and ranked:
            pick = int(self.rng.random() ** 5 * len(ranked))
            chosen.append(ranked.pop(pick))
        return chosen

    # -- insertion orders ---------------------------------------------------------------------

    def order_random(self, todo: list[int]) -> list[int]:
        self.rng.shuffle(todo)
        return todo

    def order_time(self, todo: list[int]) -> list[int]:
        return sorted(todo, key=lambda r: self.when[r])

    def order_far(self, todo: list[int]) -> list[int]:
        travel = self.instance.travel
        return sorted(
            todo, key=lambda r: -travel[self.requests[r].pickup][self.requests[r].dropoff]
        )

    def repair(
        self,
        state: tuple[np.ndarray, np.ndarray, np.ndarray],
        todo: list[int],
        mode: int,
        noise: float = 0.0,
    ) -> list[int]:
        """Insert the requests of ``todo`` (in this order for :data:`kernel.SEQUENTIAL`) into
        ``state`` in place; return those that found no place."""
        if not todo:
            return []
        routes, lens, costs = state
        offset = self.rng.randrange(len(self.draws) // 2) if noise > 0.0 else 0
        left = kernel.repair(
            routes,
            lens,
            costs,
            np.array(todo, dtype=np.int64),
            mode,
            noise,
            self.draws[offset:],
            *self.request_args,
            *self.route_args,
        )
        return [int(r) for r in left]

    def improve(self, state: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        """Relocate requests one at a time to their cheapest place, and exchange the tails of
        two routes where both vehicles are empty, while that saves distance."""
        order = np.arange(self.n, dtype=np.int64)
        routes, lens, costs = state
        while True:
            kernel.relocate_descent(
                routes, lens, costs, order, *self.request_args, *self.route_args
            )
            if not kernel.tail_exchange_descent(
                routes, lens, costs, self.request_of_node, self.request_args[2], *self.route_args
            ):
                break

    def remove(self, state: tuple[np.ndarray, np.ndarray, np.ndarray], chosen: list[int]) -> None:
        gone = np.zeros(len(self.instance.nodes), dtype=np.bool_)
        for r in chosen:
            gone[self.requests[r].pickup] = True
            gone[self.requests[r].dropoff] = True
        routes, lens, costs = state
        a = self.arrays
        kernel.remove_requests(routes, lens, costs, gone, a.distance, a.start, a.end)

    # -- the search ---------------------------------------------------------------------------

    def run(
        self, seconds: float, iterations: int | None, initial: Plan | None, started: float
    ) -> tuple[list[Route], list[int]]:
        state, unserved = self.start(initial)

        def copy(x: tuple[np.ndarray, np.ndarray, np.ndarray]) -> State:
            return (x[0].copy(), x[1].copy(), x[2].copy())

        def objective(x: tuple[np.ndarray, np.ndarray, np.ndarray], u: list[int]) -> float:
            return float(x[2].sum()) + self.penalty * len(u)

        best_state, best_unserved = copy(state), list(unserved)
        current = best = objective(state, unserved)
        self.pool.add_plan(*state)
        # The search proper ends early enough to leave the last recombination its share.
        search_seconds = seconds * (1.0 - RECOMBINE_SHARE)
        spent = 0.0

        def recombine() -> None:
            nonlocal best_state, best_unserved, best, spent
            budget = RECOMBINE_SHARE * seconds
            if iterations is None:
                budget = min(budget, max(0.0, started + seconds - time.perf_counter()))
            clock = time.perf_counter()
            found = self.recombine(best_state, best_unserved, budget, iterations is not None)
            spent += time.perf_counter() - clock
            if found is not None and objective(*found) < best - 1e-9:
                best_state, best_unserved = found
                best = objective(*found)
                self.pool.add_plan(*best_state)

        removals = [self.random_removal, self.worst_removal, self.related_removal]
        plain: list[tuple[int, Callable[[list[int]], list[int]] | None]] = [
            (kernel.SEQUENTIAL, self.order_random),
            (kernel.SEQUENTIAL, self.order_time),
            (kernel.SEQUENTIAL, self.order_far),
            (kernel.GREEDY, None),
            (kernel.REGRET2, None),
            (kernel.REGRET3, None),
        ]
        # Each repair with and without noise on the costs it chooses by (Ropke & Pisinger).
        inserts = [(mode, order, 0.0) for mode, order in plain]
        if self.noise > 0.0:
            inserts += [(mode, order, self.noise) for mode, order in plain]
        r_weights, r_scores, r_uses = (
            [1.0] * len(removals),
            [0.0] * len(removals),
            [0] * len(removals),
        )
        i_weights, i_scores, i_uses = [1.0] * len(inserts), [0.0] * len(inserts), [0] * len(inserts)
        hot = START_TEMPERATURE * float(best_state[2].sum())
        deadline = started + seconds
        iteration = 0
        cycle = 0
        walks = [_Walk(copy(state), list(unserved), best) for _ in range(WALKS)]
        while self.n and (iterations is None or iteration < iterations):
            now = time.perf_counter()
            if now >= deadline - RECOMBINE_SHARE * seconds:
                break
            # The schedule follows the run's progress: by iterations when they are capped
            # (reproducible), else by the clock (the recombinations' time left out).
            if iterations is not None:
                progress = iteration / max(iterations, 1)
            else:
                progress = (now - started - spent) / max(search_seconds - spent, 1e-9)
            iteration += 1
            position = min(progress, 0.999999) * CYCLES
            if int(position) != cycle:
                cycle = int(position)
                recombine()
                # The walk furthest behind takes over the best plan; each walk then restarts
                # from its own best.
                behind = max(walks, key=lambda w: w.best)
                if behind.best > best + 1e-9:
                    behind.keep_best(copy(best_state), list(best_unserved), best)
                for w in walks:
                    w.move(copy(w.best_state), list(w.best_unserved), w.best)
                hot = START_TEMPERATURE * float(best_state[2].sum())
            walk = walks[iteration % WALKS]
            state, unserved, current = walk.state, walk.unserved, walk.value
            temperature = hot * END_TEMPERATURE ** (position - cycle)
            served = self.served(state)
            if not served:
                q = 0
            else:
                upper = min(len(served), REMOVE_BASE + int(REMOVE_FRACTION * len(served)))
                q = self.rng.randint(1, upper)
            ri = self.rng.choices(range(len(removals)), weights=r_weights)[0]
            ii = self.rng.choices(range(len(inserts)), weights=i_weights)[0]
            mode, order, noise = inserts[ii]
            new_state = copy(state)
            chosen = removals[ri](state, served, q) if q else []
            self.remove(new_state, chosen)
            todo = list(unserved) + chosen
            if order is not None:
                todo = order(todo)
            new_unserved = self.repair(new_state, todo, mode, noise)
            value = objective(new_state, new_unserved)
            r_uses[ri] += 1
            i_uses[ii] += 1
            score = 0.0
            if value < walk.best - 1e-9:
                self.improve(new_state)
                value = objective(new_state, new_unserved)
                walk.keep_best(copy(new_state), list(new_unserved), value)
                score = 33
                if value < best - 1e-9:
                    best = value
                    best_state, best_unserved = copy(new_state), list(new_unserved)
            elif value < current - 1e-9:
                score = 9
            elif value > current + 1e-9 and self.rng.random() < math.exp(
                -(value - current) / max(temperature, 1e-12)
            ):
                score = 13
            if score:
                walk.move(new_state, new_unserved, value)
                self.pool.add_plan(*new_state)
            r_scores[ri] += score
            i_scores[ii] += score
            if iteration % 100 == 0:
                for weights, scores, uses in (
                    (r_weights, r_scores, r_uses),
                    (i_weights, i_scores, i_uses),
                ):
                    for o in range(len(weights)):
                        if uses[o]:
                            weights[o] = 0.8 * weights[o] + 0.2 * scores[o] / uses[o]
                        weights[o] = max(weights[o], 0.05)
                        scores[o], uses[o] = 0.0, 0
        if self.n:
            recombine()
        return self.lists(best_state[0], best_state[1]), best_unserved

    def recombine(
        self, best_state: State, best_unserved: list[int], seconds: float, reproducible: bool
    ) -> tuple[State, list[int]] | None:
        """The best plan made of the pool's routes (:mod:`.pool`), polished by the relocate
        descent; None when the set-partitioning model found none in time."""
        if seconds <= 0.0 or len(self.pool) == 0:
            return None
        served = np.ones(self.n, dtype=np.bool_)
        served[best_unserved] = False
        routes = self.pool.recombine(
            self.n,
            served,
            self.pool.columns_of(best_state[0], best_state[1]),
            self.penalty,
            seconds if not reproducible else 10.0 * seconds + 10.0,
            nodes=RECOMBINE_NODES if reproducible else None,
        )
        if routes is None:
            return None
        a = self.arrays
        state = (
            np.zeros_like(best_state[0]),
            np.zeros_like(best_state[1]),
            np.zeros_like(best_state[2]),
        )
        placed: set[int] = set()
        for v, route in enumerate(routes):
            state[0][v, : route.shape[0]] = route
            state[1][v] = route.shape[0]
            state[2][v] = kernel.route_cost(route, a.distance, a.start[v], a.end[v])
            placed.update(self.request_at[int(node)] for node in route)
        self.improve(state)
        return state, [r for r in range(self.n) if r not in placed]

    def start(
        self, initial: Plan | None
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[int]]:
        """The starting plan: the warm start's feasible routes (pins enforced), then every
        request not yet served inserted greedily by time."""
        routes: list[Route] = [[] for _ in range(self.k)]
        if initial is not None:
            if len(initial.routes) > self.k:
                raise ValueError("the initial plan has more routes than the instance has vehicles")
            for v, route in enumerate(initial.routes):
                stops = [node for node in route if node in self.request_at]
                kept = [node for node in stops if self.pinned.get(self.request_at[node], v) == v]
                if self.feasible(v, kept):
                    routes[v] = kept
        width = 2 * self.n + 2
        state = (
            np.zeros((self.k, width), dtype=np.int64),
            np.zeros(self.k, dtype=np.int64),
            np.zeros(self.k, dtype=np.float64),
        )
        for v, route in enumerate(routes):
            state[0][v, : len(route)] = route
            state[1][v] = len(route)
            state[2][v] = self.route_cost(v, route)
        placed = {self.request_at[node] for route in routes for node in route}
        todo = [r for r in range(self.n) if r not in placed]
        unserved = self.repair(state, self.order_time(todo), kernel.SEQUENTIAL)
        return state, unserved

    # -- reasons ------------------------------------------------------------------------------

    def reason(self, r: int) -> str:
        """Why request ``r`` could not be served, in words."""
        request = self.requests[r]
        nodes, travel = self.instance.nodes, self.instance.travel
        p, d = request.pickup, request.dropoff
        vehicles = [self.pinned[r]] if r in self.pinned else list(range(self.k))
        pinned = " on the pinned vehicle" if r in self.pinned else ""
        if not vehicles:
            return "there is no vehicle"
        fits = [
            v
            for v in vehicles
            if all(
                load <= cap
                for load, cap in zip(request.load, self.instance.vehicles[v].capacity, strict=False)
            )
        ]
        if not fits:
            return f"no capacity for the load {request.load}{pinned}"
        if travel[p][d] > request.max_ride + 1e-7:
            return (
                f"the ride alone ({travel[p][d]:.1f} min) is longer than the maximum ride time "
                f"({request.max_ride:.1f} min)"
            )
        a = self.arrays
        reach = [
            v
            for v in fits
            if a.shift_earliest[v] + nodes[a.start[v]].service + travel[a.start[v]][p]
            <= nodes[p].window.latest + 1e-7
        ]
        if not reach:
            return f"no vehicle can reach the pickup within its window{pinned}"
        direct = max(
            nodes[p].window.earliest,
            min(a.shift_earliest[v] + travel[a.start[v]][p] for v in reach),
        )
        if direct + nodes[p].service + travel[p][d] > nodes[d].window.latest + 1e-7:
            return "the drop-off window cannot be met even with a direct ride"
        if not any(self.feasible(v, [p, d]) for v in reach):
            return f"no vehicle can serve it within its shift and route duration{pinned}"
        return f"no vehicle has room for it alongside the other requests{pinned}"


def solve(
    instance: Instance,
    *,
    seconds: float,
    seed: int = 1,
    initial: Plan | None = None,
    pinned: Mapping[int, int] | None = None,
    iterations: int | None = None,
) -> Plan:
    """Plan ``instance`` within about ``seconds`` (wall clock, including the start).

    ``initial`` warm-starts from a plan (its infeasible routes are dropped and their requests
    reinserted); the result is never worse than a feasible initial plan. ``pinned`` maps
    request id to the vehicle index that must serve it. ``iterations`` caps the search for
    exactly reproducible results. Unserved requests come back in ``Plan.unserved`` with the
    reason for each.
    """
    warm_up()
    started = time.perf_counter()
    search = _Search(instance, seed, pinned)
    routes, unserved = search.run(seconds, iterations, initial, started)
    for v, route in enumerate(routes):
        if not search.feasible(v, route):  # pragma: no cover - a kernel bug, never expected
            raise AssertionError(f"the solver built an infeasible route for vehicle {v}")
    reasons = {instance.requests[r].id: search.reason(r) for r in sorted(unserved)}
    cost = sum(search.route_cost(v, route) for v, route in enumerate(routes))
    return Plan(routes=routes, unserved=reasons, cost=cost)
