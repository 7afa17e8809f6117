"""The route pool and its set-partitioning recombination."""

from __future__ import annotations

import numpy as np
import pytest

from opencus.routing.pool import RoutePool

# Node 0 is the depot, nodes 1..3 pick up requests 0..2 and nodes 4..6 drop them off.
REQUEST_OF_NODE = np.array([-1, 0, 1, 2, 0, 1, 2])
IS_PICKUP = np.array([0, 1, 1, 1, 0, 0, 0])
SERVED = np.ones(3, dtype=np.bool_)


def pool(vehicles: int = 2, kinds: list[int] | None = None, pins: list[int] | None = None):
    kind = np.array(kinds if kinds is not None else [0] * vehicles, dtype=np.int64)
    pinned = np.array(pins if pins is not None else [-1, -1, -1], dtype=np.int64)
    return RoutePool(REQUEST_OF_NODE, IS_PICKUP, kind, pinned)


def route(*nodes: int) -> np.ndarray:
    return np.array(nodes, dtype=np.int64)


def as_lists(plan: list[np.ndarray] | None) -> list[list[int]]:
    assert plan is not None
    return [r.tolist() for r in plan]


def test_one_column_per_kind_and_set_of_requests_with_its_cheapest_route() -> None:
    p = pool()
    p.add(0, route(1, 2, 4, 5), 10.0)
    p.add(1, route(2, 1, 5, 4), 8.0)  # the same two requests on a twin vehicle, cheaper
    p.add(0, route(1, 2, 5, 4), 9.0)  # dearer than the kept order: ignored
    p.add(0, route(), 0.0)  # empty routes are not columns
    assert len(p) == 1
    assert p.routes[0].tolist() == [2, 1, 5, 4]
    assert p.costs[0] == 8.0
    # Another vehicle kind makes another column for the same requests.
    q = pool(kinds=[0, 1])
    q.add(0, route(1, 4), 3.0)
    q.add(1, route(1, 4), 3.0)
    assert len(q) == 2


def test_recombination_finds_a_cheaper_plan_than_any_it_was_given() -> None:
    p = pool()
    p.add(0, route(1, 2, 4, 5), 10.0)  # plan A: {0, 1} + {2} = 15
    p.add(1, route(3, 6), 5.0)
    p.add(0, route(1, 4), 4.0)  # plan B: {0} + {1, 2} = 14
    p.add(1, route(2, 3, 5, 6), 10.0)
    p.add(0, route(2, 3, 6, 5), 8.0)  # a cheaper order of {1, 2}, seen in another plan
    plan = p.recombine(3, SERVED, incumbent=[0, 1], penalty=1000.0, seconds=5.0)
    assert as_lists(plan) == [[1, 4], [2, 3, 6, 5]]


def test_no_more_routes_of_a_kind_than_vehicles_of_it() -> None:
    p = pool(vehicles=2)
    for node in (1, 2, 3):
        p.add(0, route(node, node + 3), 1.0)  # three cheap single rides
    p.add(0, route(1, 2, 4, 5), 5.0)
    plan = as_lists(p.recombine(3, SERVED, incumbent=[], penalty=1000.0, seconds=5.0))
    assert sorted(plan) == [[1, 2, 4, 5], [3, 6]]


def test_a_pinned_request_keeps_its_vehicle() -> None:
    # Request 1 is pinned to vehicle 1: its column may only go there, even when it was
    # found on vehicle 0 of the same kind.
    p = pool(pins=[-1, 1, -1])
    p.add(0, route(2, 5), 1.0)
    p.add(0, route(1, 3, 4, 6), 2.0)
    plan = as_lists(p.recombine(3, SERVED, incumbent=[], penalty=1000.0, seconds=5.0))
    assert plan == [[1, 3, 4, 6], [2, 5]]


def test_a_column_with_requests_pinned_to_two_vehicles_is_never_used() -> None:
    p = pool(pins=[0, 1, -1])
    p.add(0, route(1, 2, 4, 5), 1.0)  # requests 0 and 1 together: pins disagree
    p.add(0, route(1, 4), 2.0)
    p.add(1, route(2, 3, 5, 6), 2.0)
    plan = as_lists(p.recombine(3, SERVED, incumbent=[], penalty=1000.0, seconds=5.0))
    assert plan == [[1, 4], [2, 3, 5, 6]]


def test_requests_the_incumbent_left_out_may_stay_out_at_their_penalty() -> None:
    p = pool(vehicles=1)
    p.add(0, route(1, 4), 1.0)
    served = np.array([True, False, False])
    assert as_lists(p.recombine(3, served, [0], penalty=1000.0, seconds=5.0)) == [[1, 4]]
    # Served requests must stay served: with no column for them there is no plan.
    assert p.recombine(3, SERVED, [0], penalty=1000.0, seconds=5.0) is None


@pytest.mark.parametrize("nodes", [None, 10])
def test_the_columns_of_a_plan_are_found_again(nodes: int | None) -> None:
    p = pool()
    routes = np.array([[1, 4, 0, 0], [2, 3, 5, 6]], dtype=np.int64)
    lens = np.array([2, 4])
    p.add_plan(routes, lens, np.array([3.0, 4.0]))
    assert p.columns_of(routes, lens) == [0, 1]
    plan = p.recombine(3, SERVED, [0, 1], penalty=1000.0, seconds=5.0, nodes=nodes)
    assert as_lists(plan) == [[1, 4], [2, 3, 5, 6]]
