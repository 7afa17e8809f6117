"""The independent checker: feasible hand-made routes, and routes that break each rule once."""

from __future__ import annotations

import random
from typing import Any

import pytest

from opencus.routing.checker import (
    _exact_schedule,
    _Schedule,
    _schedule_violations,
    _sequence,
    check,
)
from opencus.routing.model import Instance, Plan
from tests.routing.helpers import line_instance

WIDE = (0.0, 1440.0)


def two_requests(**kwargs: Any) -> Instance:
    """Depot at 0; request 0 from x=10 to x=20, request 1 from x=5 to x=15 (nodes 1->3, 2->4)."""
    points = [(0.0, *WIDE), (10.0, *WIDE), (5.0, *WIDE), (20.0, *WIDE), (15.0, *WIDE)]
    return line_instance(points, [(1, 3, (1,), 30.0), (2, 4, (1,), 30.0)], **kwargs)


def test_a_feasible_plan_and_its_cost() -> None:
    instance = two_requests()
    result = check(instance, Plan(routes=[[2, 1, 4, 3]], cost=40.0))
    assert result.feasible, result.violations
    assert result.cost == pytest.approx(40.0)
    assert result.served == 2
    assert [stop.node for stop in result.schedules[0]] == [0, 2, 1, 4, 3, 0]
    assert [stop.load for stop in result.schedules[0]] == [(0,), (1,), (2,), (1,), (0,), (0,)]


def test_delaying_the_departure_fixes_a_ride_time() -> None:
    """Earliest start: the passenger boards at 10 and waits in the vehicle for the drop-off
    window at 50 (ride 40 > 15). Leaving the depot 30 minutes later gives a ride of 10."""
    points = [(0.0, 0.0, 100.0), (10.0, *WIDE), (20.0, 50.0, 60.0)]
    instance = line_instance(points, [(1, 2, (1,), 15.0)])
    result = check(instance, Plan(routes=[[1, 2]]))
    assert result.feasible, result.violations
    assert result.schedules[0][0].departure == pytest.approx(30.0)
    assert result.ride_times[0] == pytest.approx(10.0)
    assert result.cost == pytest.approx(40.0)


def step_seven_instance(dropoff_window: tuple[float, float]) -> Instance:
    """Request 1 must be picked up by 5 (x=5); request 0 boards at x=10 and leaves at x=20
    in ``dropoff_window``; request 1 leaves at x=15 in between. Max ride 30."""
    points = [(0.0, 0.0, 100.0), (10.0, *WIDE), (5.0, 0.0, 5.0), (20.0, *dropoff_window)]
    points.append((15.0, *WIDE))
    return line_instance(points, [(1, 3, (1,), 30.0), (2, 4, (1,), 30.0)])


def test_delaying_a_pickup_fixes_a_ride_time() -> None:
    """Departure cannot move (request 1's window); delaying the pickup of request 0 by 20
    (as far as request 1, already on board, allows) brings its ride from 40 to 20."""
    instance = step_seven_instance((50.0, 60.0))
    result = check(instance, Plan(routes=[[2, 1, 4, 3]]))
    assert result.feasible, result.violations
    assert result.ride_times == pytest.approx({0: 20.0, 1: 30.0})


def test_a_ride_no_schedule_can_fix_is_named() -> None:
    instance = step_seven_instance((70.0, 80.0))
    result = check(instance, Plan(routes=[[2, 1, 4, 3]]))
    assert not result.feasible
    assert any("request 0" in v and "rides" in v for v in result.violations), result.violations


def test_capacity_in_each_dimension() -> None:
    instance = two_requests(capacity=(1,))
    result = check(instance, Plan(routes=[[2, 1, 4, 3]]))
    assert not result.feasible
    assert result.violations == ["vehicle 0: load 2 above capacity 1 in dimension 0 after node 1"]
    points = [(0.0, *WIDE), (10.0, *WIDE), (20.0, *WIDE)]
    wheelchair = line_instance(points, [(1, 2, (1, 1), 30.0)], capacity=(3, 0))
    result = check(wheelchair, Plan(routes=[[1, 2]]))
    assert result.violations == ["vehicle 0: load 1 above capacity 0 in dimension 1 after node 1"]


def test_a_window_missed() -> None:
    points = [(0.0, *WIDE), (10.0, 0.0, 5.0), (20.0, *WIDE)]
    result = check(line_instance(points, [(1, 2, (1,), 30.0)]), Plan(routes=[[1, 2]]))
    assert result.violations == [
        "vehicle 0: service at node 1 starts at 10.00, after its window closes at 5.00"
    ]


def test_route_duration_and_shift() -> None:
    points = [(0.0, *WIDE), (10.0, *WIDE), (20.0, *WIDE)]
    requests = [(1, 2, (1,), 30.0)]
    long = check(line_instance(points, requests, max_duration=39.0), Plan(routes=[[1, 2]]))
    assert long.violations == ["vehicle 0: the route lasts 40.00, above the maximum 39.00"]
    late = check(line_instance(points, requests, shift=(0.0, 35.0)), Plan(routes=[[1, 2]]))
    assert late.violations == [
        "vehicle 0: service at node 0 starts at 40.00, after the shift's end closes at 35.00"
    ]
    exact = check(line_instance(points, requests, max_duration=40.0), Plan(routes=[[1, 2]]))
    assert exact.feasible


def test_pickup_after_dropoff() -> None:
    result = check(two_requests(), Plan(routes=[[2, 3, 1, 4]]))
    assert "vehicle 0: request 0's drop-off (node 3) comes before its pickup (node 1)" in (
        result.violations
    )


def test_each_request_exactly_once() -> None:
    instance = two_requests(vehicles=2)
    missing = check(instance, Plan(routes=[[1, 3], []]))
    assert missing.violations == ["request 1 is neither served nor listed as unserved"]
    listed = check(instance, Plan(routes=[[1, 3], []], unserved={1: "no room"}))
    assert listed.feasible and listed.served == 1
    both = check(instance, Plan(routes=[[1, 3], [2, 4]], unserved={1: "x"}))
    assert both.violations == ["request 1 is served and also listed as unserved"]
    twice = check(instance, Plan(routes=[[1, 3, 2, 4], [2, 4]]))
    assert "vehicle 1: node 2 is visited again (already by vehicle 0)" in twice.violations
    split = check(instance, Plan(routes=[[1, 2, 4], [3]]))
    assert split.violations == [
        "request 0: picked up by vehicle 0 but dropped off by vehicle 1",
    ]
    depot = check(instance, Plan(routes=[[0, 1, 3], [2, 4]]))
    assert depot.violations == ["vehicle 0: node 0 is not a pickup or a drop-off"]


def test_a_wrong_declared_cost() -> None:
    result = check(two_requests(), Plan(routes=[[2, 1, 4, 3]], cost=39.0))
    assert result.violations == ["the plan declares cost 39.000000, recomputed 40.000000"]


def test_eight_steps_never_accept_what_the_exact_test_rejects() -> None:
    """On random short routes: whenever the eight-step schedule is clean, the exact
    difference-constraint test finds a schedule too (and the checker agrees with it)."""
    rng = random.Random(7)
    for _ in range(300):
        n = 3
        points = [(0.0, 0.0, 200.0)]
        for _node in range(2 * n):
            start = rng.uniform(0, 120)
            points.append((rng.uniform(-20, 20), start, start + rng.uniform(5, 60)))
        requests = [(r + 1, n + r + 1, (1,), rng.uniform(10, 40)) for r in range(n)]
        instance = line_instance(points, requests, max_duration=rng.uniform(60, 200))
        order = list(range(1, n + 1))
        rng.shuffle(order)
        route = [node for pickup in order for node in (pickup, pickup + n)]
        seq = _sequence(instance, instance.vehicles[0], route)
        schedule = _Schedule(seq)
        schedule.run()
        clean = not _schedule_violations(schedule, instance.vehicles[0], 0)
        exact = _exact_schedule(seq, instance.vehicles[0])
        if clean:
            assert exact is not None
        assert check(instance, Plan(routes=[route])).feasible == (exact is not None)
