"""A simple baseline for the dial-a-ride problem: greedy cheapest insertion, repeated.

The benchmark CLI uses it when the real solver (``opencus.routing.solver``) is absent. Rules:

- requests are taken in order of urgency (the latest time their pickup can start, from both
  windows), and each goes to its cheapest feasible position on any route (pickup and drop-off
  positions tried in order of added distance; a cheap necessary test, the earliest schedule
  against the windows and the loads, filters before the exact route test of the checker);
- a request with no feasible position is left unserved, with that reason;
- while time remains (``seconds``), the pass is repeated with the order perturbed at random
  (seeded, so deterministic for a seed) and the plan serving the most requests at the lowest
  cost is kept. The first pass always completes.
"""

from __future__ import annotations

import random
import time

from opencus.routing.checker import route_feasible
from opencus.routing.model import Instance, Plan, Request, Vehicle

NO_POSITION = "no feasible insertion position on any vehicle"


def _route_cost(instance: Instance, vehicle: Vehicle, route: list[int]) -> float:
    nodes = [vehicle.start, *route, vehicle.end]
    return sum(instance.distance[a][b] for a, b in zip(nodes, nodes[1:], strict=False))


def _quick_feasible(
    instance: Instance, request_of: dict[int, Request], vehicle: Vehicle, route: list[int]
) -> bool:
    """Necessary conditions only: the earliest schedule meets every window, the load fits."""
    nodes = instance.nodes
    previous = vehicle.start
    time_now = max(nodes[previous].window.earliest, vehicle.shift.earliest)
    time_now += nodes[previous].service
    load = [0] * len(vehicle.capacity)
    for node in route:
        start = max(time_now + instance.travel[previous][node], nodes[node].window.earliest)
        if start > nodes[node].window.latest + 1e-6:
            return False
        request: Request = request_of[node]
        sign = 1 if node == request.pickup else -1
        for d, amount in enumerate(request.load):
            load[d] += sign * amount
            if load[d] > vehicle.capacity[d]:
                return False
        time_now = start + nodes[node].service
        previous = node
    arrival = time_now + instance.travel[previous][vehicle.end]
    return arrival <= min(nodes[vehicle.end].window.latest, vehicle.shift.latest) + 1e-6


def _insert(
    instance: Instance, request_of: dict[int, Request], routes: list[list[int]], request: Request
) -> tuple[int, list[int]] | None:
    """The cheapest feasible insertion of a request: (vehicle index, new route) or None."""
    p, d = request.pickup, request.dropoff
    dist = instance.distance
    candidates: list[tuple[float, int, int, int]] = []
    for k, route in enumerate(routes):
        vehicle = instance.vehicles[k]
        nodes = [vehicle.start, *route, vehicle.end]
        for i in range(len(nodes) - 1):
            a, b = nodes[i], nodes[i + 1]
            # pickup and drop-off next to each other between a and b
            candidates.append((dist[a][p] + dist[p][d] + dist[d][b] - dist[a][b], k, i, i))
            added_p = dist[a][p] + dist[p][b] - dist[a][b]
            for j in range(i + 1, len(nodes) - 1):
                c, e = nodes[j], nodes[j + 1]
                candidates.append((added_p + dist[c][d] + dist[d][e] - dist[c][e], k, i, j))
    candidates.sort()
    for _added, k, i, j in candidates:
        route = routes[k]
        new = [*route[:i], p, *route[i:j], d, *route[j:]]
        vehicle = instance.vehicles[k]
        if _quick_feasible(instance, request_of, vehicle, new) and route_feasible(
            instance, vehicle, new
        ):
            return k, new
    return None


def _urgency(instance: Instance, request: Request) -> float:
    pickup, dropoff = instance.nodes[request.pickup], instance.nodes[request.dropoff]
    direct = instance.travel[request.pickup][request.dropoff] + pickup.service
    return min(pickup.window.latest, dropoff.window.latest - direct)


def _one_pass(instance: Instance, order: list[Request], deadline: float | None) -> Plan | None:
    request_of = instance.request_of()
    routes: list[list[int]] = [[] for _ in instance.vehicles]
    unserved: dict[int, str] = {}
    for request in order:
        if deadline is not None and time.monotonic() > deadline:
            return None
        found = _insert(instance, request_of, routes, request)
        if found is None:
            unserved[request.id] = NO_POSITION
        else:
            routes[found[0]] = found[1]
    cost = sum(_route_cost(instance, v, r) for v, r in zip(instance.vehicles, routes, strict=True))
    return Plan(routes=routes, unserved=unserved, cost=cost if any(routes) else 0.0)


def solve(instance: Instance, seconds: float = 1.0, seed: int = 1) -> Plan:
    """Greedy insertion, repeated with perturbed orders until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    rng = random.Random(seed)  # noqa: S311 - search randomness, not cryptography
    spread = max(
        (node.window.latest for node in instance.nodes if node.window.latest < 1e8),
        default=1.0,
    )
    base = sorted(instance.requests, key=lambda r: (_urgency(instance, r), r.id))
    best = _one_pass(instance, base, None)
    if best is None:  # pragma: no cover - the first pass has no deadline
        raise RuntimeError("the first greedy pass did not complete")
    while time.monotonic() < deadline:
        noise = {r.id: rng.uniform(0, 0.05 * spread) for r in instance.requests}
        order = sorted(instance.requests, key=lambda r: _urgency(instance, r) + noise[r.id])
        plan = _one_pass(instance, order, deadline)
        if plan is None:
            break
        if (len(plan.unserved), plan.cost) < (len(best.unserved), best.cost):
            best = plan
    return best
