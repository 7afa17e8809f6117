"""Insertion options agree with the exact schedule check, position by position."""

from __future__ import annotations

from opencus.routing import kernel
from opencus.routing.insertion import insertion_options
from opencus.routing.model import Plan

from .lines import line_instance


def test_options_agree_with_the_kernel() -> None:
    trips = [(1.0, 4.0), (2.0, 6.0), (8.0, 3.0), (5.0, 7.0), (2.5, 9.0)]
    windows = {3: (10.0, 14.0), 9: (20.0, 26.0)}
    instance = line_instance(trips, vehicles=2, capacity=2, max_ride=9.0, windows=windows)
    plan = Plan(routes=[[1, 6, 2, 7], [3, 8, 4, 9]])
    arrays = kernel.Arrays(instance)
    assert all(arrays.feasible(v, route) for v, route in enumerate(plan.routes))
    request = instance.requests[4]
    p, d = request.pickup, request.dropoff
    options = insertion_options(instance, plan, request)
    found = {(o.vehicle, o.pickup_position, o.dropoff_position) for o in options}
    expected = set()
    for v, route in enumerate(plan.routes):
        for i in range(len(route) + 1):
            for j in range(i, len(route) + 1):
                new = route[:i] + [p] + route[i:j] + [d] + route[j:]
                if arrays.feasible(v, new):
                    expected.add((v, i, j))
    assert found == expected
    assert found
    costs = [o.added_cost for o in options]
    assert costs == sorted(costs)
    for option in options:
        route = plan.routes[option.vehicle]
        i, j = option.pickup_position, option.dropoff_position
        new = route[:i] + [p] + route[i:j] + [d] + route[j:]
        assert option.earliest <= option.latest
        assert option.added_cost == kernel.route_cost(
            kernel.np.array(new), arrays.distance, 0, 0
        ) - kernel.route_cost(kernel.np.array(route), arrays.distance, 0, 0)
        for at, ok in (
            (option.earliest, True),
            (option.latest, True),
            (option.latest + 0.05, option.latest >= 2880.0),
        ):
            arrays.earliest[p] = arrays.latest[p] = at
            assert arrays.feasible(option.vehicle, new) is ok, (option, at)
        arrays.earliest[p], arrays.latest[p] = 0.0, 1e9


def test_no_option_when_the_request_cannot_fit() -> None:
    instance = line_instance([(1.0, 2.0), (1.0, 2.0)], loads=[1, 2])
    plan = Plan(routes=[[1, 3]])
    assert insertion_options(instance, plan, instance.requests[1]) == []
