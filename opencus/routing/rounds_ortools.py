"""The plain OR-Tools model of the weekly home-visit rounds, which ``bench/visits.py`` runs
beside :func:`opencus.routing.rounds.solve` for the same time.

The textbook routing model, nothing tuned:

- a vehicle per worker-day, starting and ending at the worker's home;
- a node per way to serve a visit (one per availability window), the nodes of one visit in
  one disjunction (at most one served, a large penalty when none is);
- a time dimension on the week's clock in seconds (transit = service at the node left +
  travel), waiting allowed, each node's window on the service start, the working hours on the
  route's start and end;
- the vehicles allowed at a node: the worker-days on the window's day of the workers who may
  make the visit (its skill; the worker it is fixed to), the others removed from the node's
  vehicle variable;
- arc cost = distance in metres; first solution ``PATH_CHEAPEST_ARC``, then guided local
  search until the time limit.

It takes the same integers as PyVRP (:class:`opencus.routing.rounds.Integers`), and its plan
goes through the same check.
"""

from __future__ import annotations

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .rounds import DAY, PRIZE, Integers, Problem, Stop, WeekPlan, finish
from .travel import Matrices


def solve(problem: Problem, *, seconds: float, travel: Matrices | None = None) -> WeekPlan:
    """Plan the week with the plain OR-Tools model for ``seconds``."""
    travel = travel or problem.travel()
    ints = Integers(problem, travel)
    nw = len(problem.workers)
    if not ints.options or not ints.shifts:
        return finish(problem, travel, [])
    place = list(range(nw)) + [nw + option.visit for option in ints.options]
    size = len(place)
    manager = pywrapcp.RoutingIndexManager(
        size, len(ints.shifts), [s[0] for s in ints.shifts], [s[0] for s in ints.shifts]
    )
    routing = pywrapcp.RoutingModel(manager)
    metres = ints.metres.tolist()
    seconds_between = ints.seconds.tolist()
    service = [0] * nw + [option.service for option in ints.options]

    def cost_callback(from_index: int, to_index: int) -> int:
        i, j = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
        return int(metres[place[i]][place[j]])

    def time_callback(from_index: int, to_index: int) -> int:
        i, j = manager.IndexToNode(from_index), manager.IndexToNode(to_index)
        return int(service[i] + seconds_between[place[i]][place[j]])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(cost_callback))
    horizon = (max(s[1] for s in ints.shifts) + 1) * DAY
    routing.AddDimension(
        routing.RegisterTransitCallback(time_callback), horizon, horizon, False, "time"
    )
    time_dimension = routing.GetDimensionOrDie("time")
    nodes_of: dict[int, list[int]] = {}
    barred_of = [set(problem.barred(k)) for k in range(nw)]
    for c, option in enumerate(ints.options):
        node = nw + c
        index = manager.NodeToIndex(node)
        time_dimension.CumulVar(index).SetRange(option.early, option.late)
        nodes_of.setdefault(option.visit, []).append(index)
        # (SetAllowedVehiclesForIndex does not take a Python list in this release.)
        barred = [
            v
            for v, (k, day, _start, _end) in enumerate(ints.shifts)
            if day != option.day or option.visit in barred_of[k]
        ]
        if len(barred) == len(ints.shifts):
            routing.ActiveVar(index).SetValue(0)
        else:
            routing.VehicleVar(index).RemoveValues(barred)
    for indices in nodes_of.values():
        routing.AddDisjunction(indices, PRIZE, 1)
    for v, (_k, _day, start, end) in enumerate(ints.shifts):
        time_dimension.CumulVar(routing.Start(v)).SetRange(start, end)
        time_dimension.CumulVar(routing.End(v)).SetRange(start, end)
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    solution = routing.SolveWithParameters(parameters)
    stops: list[Stop] = []
    if solution is not None:
        for v, (k, day, _start, _end) in enumerate(ints.shifts):
            index = solution.Value(routing.NextVar(routing.Start(v)))
            while not routing.IsEnd(index):
                option = ints.options[manager.IndexToNode(index) - nw]
                visit = problem.visits[option.visit]
                begin = solution.Value(time_dimension.CumulVar(index)) / 60 - day * 1440
                stops.append(
                    Stop(visit.id, problem.workers[k].id, day, begin, begin + visit.duration)
                )
                index = solution.Value(routing.NextVar(index))
    return finish(problem, travel, stops)
