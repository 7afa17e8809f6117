"""The plain OR-Tools dial-a-ride model: the floor the team's solver must beat
(``shared/docs/routing.md``), run by the benchmark CLI under ``--compare-ortools``.

The textbook model, nothing tuned:

- every node of the instance is an OR-Tools node; vehicles start and end at their own nodes;
- pickup-and-delivery pairs (same vehicle, pickup first);
- a capacity dimension per load dimension;
- a time dimension (transit = service at the node left + travel), waiting allowed, every
  window on the service start, the shift on the route's start and end;
- the ride-time limit as an explicit constraint on the two cumuls (``routing.md``: the
  pair-limit callback was silently ignored with some strategies);
- the route duration (leaving the start to arriving at the end) at most ``max_duration``;
- every request droppable at a large penalty (one per node);
- first solution ``PARALLEL_CHEAPEST_INSERTION``, then guided local search until the time
  limit. The seed is not used (OR-Tools' routing search is deterministic here).

Times and distances are scaled by ``SCALE`` to integers, rounding travel and service up and
limits down, so that OR-Tools' schedule is also valid in the unrounded instance. Every plan it
returns must still go through the checker.
"""

from __future__ import annotations

import math

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from opencus.routing.model import Instance, Plan

SCALE = 1000
DROPPED = "dropped by the OR-Tools model (at a penalty)"
NO_SOLUTION = "the OR-Tools model found no solution"


def _up(value: float) -> int:
    return int(math.ceil(value * SCALE - 1e-6))


def _down(value: float) -> int:
    return int(math.floor(value * SCALE + 1e-6))


def solve(instance: Instance, seconds: float = 10.0, seed: int = 1) -> Plan:
    """Solve with the plain OR-Tools model for ``seconds``; unserved requests say why."""
    size = len(instance.nodes)
    vehicles = instance.vehicles
    finite = [n.window.latest for n in instance.nodes if n.window.latest < 1e8]
    finite += [v.shift.latest for v in vehicles if v.shift.latest < 1e8]
    horizon = _down(max(finite, default=1e6)) + 1
    manager = pywrapcp.RoutingIndexManager(
        size, len(vehicles), [v.start for v in vehicles], [v.end for v in vehicles]
    )
    routing = pywrapcp.RoutingModel(manager)

    distance = [[_up(d) for d in row] for row in instance.distance]
    transit = [
        [_up(instance.nodes[i].service + instance.travel[i][j]) for j in range(size)]
        for i in range(size)
    ]

    def cost_callback(from_index: int, to_index: int) -> int:
        return distance[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

    def time_callback(from_index: int, to_index: int) -> int:
        return transit[manager.IndexToNode(from_index)][manager.IndexToNode(to_index)]

    cost_index = routing.RegisterTransitCallback(cost_callback)
    routing.SetArcCostEvaluatorOfAllVehicles(cost_index)
    time_index = routing.RegisterTransitCallback(time_callback)
    routing.AddDimension(time_index, horizon, horizon, False, "time")
    time_dimension = routing.GetDimensionOrDie("time")

    dimensions = len(vehicles[0].capacity) if vehicles else 0
    request_of = instance.request_of()
    for dimension in range(dimensions):
        demand = [0] * size
        for request in instance.requests:
            demand[request.pickup] = request.load[dimension]
            demand[request.dropoff] = -request.load[dimension]

        def demand_callback(from_index: int, demand: list[int] = demand) -> int:
            return demand[manager.IndexToNode(from_index)]

        callback = routing.RegisterUnaryTransitCallback(demand_callback)
        routing.AddDimensionWithVehicleCapacity(
            callback, 0, [v.capacity[dimension] for v in vehicles], True, f"load{dimension}"
        )

    solver = routing.solver()
    penalty = 10 * SCALE * (1 + int(max((max(row) for row in instance.distance), default=1)))
    penalty *= max(1, size)
    for node in range(size):
        if node in request_of:
            window = instance.nodes[node].window
            cumul = time_dimension.CumulVar(manager.NodeToIndex(node))
            cumul.SetRange(_up(window.earliest), min(horizon, _down(window.latest)))
            routing.AddDisjunction([manager.NodeToIndex(node)], penalty)
    for request in instance.requests:
        pickup = manager.NodeToIndex(request.pickup)
        dropoff = manager.NodeToIndex(request.dropoff)
        routing.AddPickupAndDelivery(pickup, dropoff)
        solver.Add(routing.VehicleVar(pickup) == routing.VehicleVar(dropoff))
        solver.Add(routing.ActiveVar(pickup) == routing.ActiveVar(dropoff))
        solver.Add(time_dimension.CumulVar(pickup) <= time_dimension.CumulVar(dropoff))
        if request.max_ride < 1e8:
            service = instance.nodes[request.pickup].service
            limit = _down(request.max_ride) + _up(service)
            solver.Add(time_dimension.CumulVar(dropoff) - time_dimension.CumulVar(pickup) <= limit)
    for k, vehicle in enumerate(vehicles):
        start, end = routing.Start(k), routing.End(k)
        start_window = instance.nodes[vehicle.start].window
        end_window = instance.nodes[vehicle.end].window
        time_dimension.CumulVar(start).SetRange(
            _up(max(start_window.earliest, vehicle.shift.earliest)),
            min(horizon, _down(start_window.latest)),
        )
        time_dimension.CumulVar(end).SetRange(
            _up(end_window.earliest),
            min(horizon, _down(min(end_window.latest, vehicle.shift.latest))),
        )
        if vehicle.max_duration < 1e8:
            leave = _up(instance.nodes[vehicle.start].service)
            solver.Add(
                time_dimension.CumulVar(end) - time_dimension.CumulVar(start)
                <= _down(vehicle.max_duration) + leave
            )

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    solution = routing.SolveWithParameters(parameters)
    if solution is None:
        return Plan(
            routes=[[] for _ in vehicles],
            unserved={request.id: NO_SOLUTION for request in instance.requests},
        )
    routes: list[list[int]] = []
    for k in range(len(vehicles)):
        route = []
        index = routing.Start(k)
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node in request_of:
                route.append(node)
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    visited = {node for route in routes for node in route}
    unserved = {r.id: DROPPED for r in instance.requests if r.pickup not in visited}
    cost = 0.0
    for vehicle, route in zip(vehicles, routes, strict=True):
        if route:
            nodes = [vehicle.start, *route, vehicle.end]
            cost += sum(instance.distance[a][b] for a, b in zip(nodes, nodes[1:], strict=False))
    return Plan(routes=routes, unserved=unserved, cost=cost)
