"""Insertion options agree with the exact schedule check, position by position; the pickup
windows offered to a booking clerk agree with the independent checker."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from opencus.routing import kernel
from opencus.routing.checker import check
from opencus.routing.insertion import (
    REASONS,
    Legs,
    Offer,
    PreparedDay,
    insertion_options,
    pickup_windows,
)
from opencus.routing.model import HORIZON, Instance, Node, Plan, Request, Vehicle, Window
from opencus.routing.travel import haversine_matrices

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


# -- the booking clerk's windows ---------------------------------------------------------------

WIDE = (0.0, 1440.0)
OPEN = (0.0, HORIZON)


def town(
    points: list[tuple[float, float, float]],
    requests: list[tuple[int, int, tuple[int, ...], float]],
    capacities: list[tuple[int, ...]],
    shift: tuple[float, float] = WIDE,
    service: float = 1.0,
) -> Instance:
    """A line town: node ``i`` at ``x = points[i][0]`` with window ``points[i][1:]``; node 0
    is every vehicle's depot; one vehicle per capacity."""
    nodes = [
        Node(i, x, 0.0, 0.0 if i == 0 else service, Window(early, late))
        for i, (x, early, late) in enumerate(points)
    ]
    matrix = [[abs(a.x - b.x) for b in nodes] for a in nodes]
    return Instance(
        "town",
        nodes,
        [Request(r, p, d, load, ride) for r, (p, d, load, ride) in enumerate(requests)],
        [Vehicle(k, cap, 0, 0, Window(*shift), HORIZON) for k, cap in enumerate(capacities)],
        matrix,
        [row[:] for row in matrix],
    )


def with_window(instance: Instance, node: int, window: Window) -> Instance:
    nodes = list(instance.nodes)
    old = nodes[node]
    nodes[node] = Node(old.id, old.x, old.y, old.service, window)
    return replace(instance, nodes=nodes)


def feasible(instance: Instance, plan: Plan, vehicle: int, route: list[int]) -> bool:
    routes = [list(r) for r in plan.routes]
    routes[vehicle] = route
    served = {node for r in routes for node in r}
    unserved = {
        rid: why
        for rid, why in plan.unserved.items()
        if instance.requests[rid].pickup not in served
    }
    result = check(instance, Plan(routes=routes, unserved=unserved))
    return result.feasible


def busy_day() -> tuple[Instance, Plan, Request]:
    """Two vehicles (one with a wheelchair place) carrying four rides with windows; request 4
    (nodes 5 -> 10, x 6 -> 14) wants a pickup around 40 (± 20) and rides at most 15."""
    points = [
        (0.0, *WIDE),
        (2.0, 10.0, 20.0),
        (8.0, 30.0, 40.0),
        (4.0, 50.0, 60.0),
        (12.0, 20.0, 30.0),
        (6.0, 20.0, 60.0),
        (10.0, *WIDE),
        (3.0, *WIDE),
        (15.0, *WIDE),
        (1.0, *WIDE),
        (14.0, *WIDE),
    ]
    requests: list[tuple[int, int, tuple[int, ...], float]] = [
        (1, 6, (1, 0), 15.0),
        (2, 7, (1, 0), 15.0),
        (3, 8, (1, 0), 20.0),
        (4, 9, (0, 1), 20.0),
        (5, 10, (1, 0), 15.0),
    ]
    instance = town(points, requests, [(2, 0), (2, 1)])
    plan = Plan(routes=[[1, 6, 2, 7, 3, 8], [4, 9]], unserved={4: "new"})
    assert check(instance, plan).feasible
    return instance, plan, instance.requests[4]


def test_every_offer_is_a_feasible_promise_on_the_grid_closest_first() -> None:
    instance, plan, request = busy_day()
    answer = pickup_windows(instance, plan, request, width=10.0, step=5.0, limit=None)
    assert answer.servable and answer.reasons == []
    assert answer.desired == 40.0  # the middle of the pickup window
    starts = [offer.start for offer in answer.offers]
    assert len(set(starts)) == len(starts)
    distances = [abs(o.start + 5.0 - answer.desired) for o in answer.offers]
    assert distances == sorted(distances)
    for offer in answer.offers:
        assert offer.start % 5.0 == 0.0 and offer.end == offer.start + 10.0
        assert offer.start >= 20.0 and offer.end <= 60.0  # inside the acceptable window
        assert offer.start <= offer.earliest <= offer.latest <= offer.end
        booked = with_window(instance, request.pickup, offer.window())
        assert feasible(booked, plan, offer.vehicle, offer.route(plan, request)), offer
    # Every servable grid start is offered: 20, 25, …, 50.
    assert sorted(starts) == [20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0]
    assert len(pickup_windows(instance, plan, request, width=10.0, step=5.0, limit=3).offers) == 3


def test_each_option_interval_is_exact_at_both_ends() -> None:
    """A promise that touches an option's interval is feasible with the checker; one just
    beyond it is not (on that insertion)."""
    instance, plan, request = busy_day()
    day = PreparedDay(instance, plan)
    options = day.options(request)
    assert options
    width, gap = 10.0, 0.05
    for option in options:
        route = Offer(
            0, 0, option.vehicle, option.pickup_position, option.dropoff_position, 0, 0, 0
        ).route(plan, request)
        for promise, ok in (
            ((option.latest, option.latest + width), True),
            ((option.earliest - width, option.earliest), True),
            ((option.latest + gap, option.latest + gap + width), option.latest >= 60.0),
            ((option.earliest - width - gap, option.earliest - gap), option.earliest <= 20.0),
        ):
            booked = with_window(instance, request.pickup, Window(*promise))
            assert feasible(booked, plan, option.vehicle, route) is ok, (option, promise)


def test_a_new_ride_in_the_spare_slots_gets_the_same_answer() -> None:
    """PreparedDay.new_request with explicit legs answers as if the ride were in the instance, and a
    second new ride replaces the first."""
    instance, plan, request = busy_day()
    # The same day without request 4 (its nodes 5 and 10 removed; ids above shift down).
    keep = [n for n in range(len(instance.nodes)) if n not in (5, 10)]
    renumber = {old: new for new, old in enumerate(keep)}
    nodes = [replace(instance.nodes[old], id=renumber[old]) for old in keep]
    travel = [[instance.travel[a][b] for b in keep] for a in keep]
    small = Instance(
        "small",
        nodes,
        [
            Request(r.id, renumber[r.pickup], renumber[r.dropoff], r.load, r.max_ride)
            for r in instance.requests[:4]
        ],
        instance.vehicles,
        travel,
        [row[:] for row in travel],
    )
    small_plan = Plan(routes=[[renumber[n] for n in route] for route in plan.routes])
    day = PreparedDay(small, small_plan)
    xs = np.array([n.x for n in small.nodes] + [6.0, 14.0])
    full = np.abs(xs[:, None] - xs[None, :])
    legs = Legs.from_matrices(full, full)
    pickup, dropoff = instance.nodes[5], instance.nodes[10]
    # Another ride first, then the one asked about, in the same slots.
    day.new_request(Node(0, 1.0, 0.0), Node(0, 2.0, 0.0), (0, 1), 3.0, legs=legs)
    new = day.new_request(pickup, dropoff, request.load, request.max_ride, legs=legs)
    assert (new.pickup, new.dropoff) == (len(small.nodes), len(small.nodes) + 1)
    expected = pickup_windows(instance, plan, request, width=10.0, step=5.0, limit=None)
    got = day.windows(new, width=10.0, step=5.0, limit=None)
    key = [(o.start, o.vehicle, o.pickup_position, o.dropoff_position) for o in got.offers]
    assert key == [
        (o.start, o.vehicle, o.pickup_position, o.dropoff_position) for o in expected.offers
    ]


def test_haversine_legs_match_the_travel_module() -> None:
    points = [(51.04, 21.07), (51.05, 21.08), (51.03, 21.05)]
    m = haversine_matrices(points, detour=1.3, speed_kmh=25.0)
    nodes = [Node(i, lon, lat) for i, (lat, lon) in enumerate(points[:1])]  # x east, y north
    instance = Instance("geo", nodes, [], [Vehicle(0, (1,), 0, 0)], [[0.0]], [[0.0]])
    legs = PreparedDay(instance, Plan(routes=[[]]), detour=1.3, speed_kmh=25.0).haversine_legs(
        points[1], points[2]
    )
    order = [0, 1, 2]
    for k in (0, 1):
        for i in order:
            assert legs.travel_out[k][i] == pytest.approx(m.travel[k + 1][i])
            assert legs.travel_in[k][i] == pytest.approx(m.travel[i][k + 1])
            assert legs.distance_out[k][i] == pytest.approx(m.distance[k + 1][i])


def test_the_wheelchair_dimension() -> None:
    """A wheelchair user rides only on the vehicle with a wheelchair place, and only when the
    place is free."""
    points = [(0.0, *WIDE), (5.0, 10.0, 20.0), (6.0, 10.0, 40.0), (9.0, *WIDE), (8.0, *WIDE)]
    requests: list[tuple[int, int, tuple[int, ...], float]] = [
        (1, 3, (0, 1), 10.0),
        (2, 4, (0, 1), 10.0),
    ]
    instance = town(points, requests, [(8, 0), (8, 1)])
    request = instance.requests[1]
    empty = Plan(routes=[[], []], unserved={0: "", 1: ""})
    answer = pickup_windows(instance, empty, request, width=10.0, step=5.0, limit=None)
    assert answer.offers and {o.vehicle for o in answer.offers} == {1}
    # Vehicle 1 carries the other wheelchair user from about 10 to 20: the new one goes later.
    plan = Plan(routes=[[], [1, 3]], unserved={1: ""})
    day = PreparedDay(instance, plan)
    for option in day.options(request):
        route = plan.routes[1]
        assert option.pickup_position == len(route) or option.dropoff_position == 0
    answer = day.windows(request, width=10.0, step=5.0, limit=None)
    for offer in answer.offers:
        booked = with_window(instance, request.pickup, offer.window())
        assert feasible(booked, plan, offer.vehicle, offer.route(plan, request))
    assert all(offer.end > 14.0 for offer in answer.offers)  # not before the first is dropped


def test_an_appointment_constrains_the_drop_off_and_leaves_the_pickup_free() -> None:
    """Arrive by 30 (window 20-30) on a direct ride of 4 with at most 10 minutes riding: the
    pickup may start anywhere in [10, 25] (service 1), the promise anywhere it meets that."""
    points = [(0.0, *WIDE), (2.0, *OPEN), (6.0, 20.0, 30.0)]
    instance = town(points, [(1, 2, (1,), 10.0)], [(3,)])
    request = instance.requests[0]
    plan = Plan(routes=[[]], unserved={0: ""})
    day = PreparedDay(instance, plan)
    (option,) = day.options(request)
    assert option.earliest == pytest.approx(9.0, abs=0.02)  # 20 - 10 - 1
    assert option.latest == pytest.approx(25.0, abs=0.02)  # 30 - 4 - 1
    answer = day.windows(request, width=10.0, step=5.0, limit=None)
    assert answer.desired == pytest.approx(20.0)  # 25 - 1 - 4
    assert [o.start for o in answer.offers][:3] == [15.0, 10.0, 20.0]
    assert {o.start for o in answer.offers} == {0.0, 5.0, 10.0, 15.0, 20.0, 25.0}
    for offer in answer.offers:
        booked = with_window(instance, request.pickup, offer.window())
        assert feasible(booked, plan, 0, offer.route(plan, request))
    late = with_window(instance, request.pickup, Window(25.1, 35.1))
    assert not feasible(late, plan, 0, [1, 2])


def reasons(instance: Instance, plan: Plan, request: Request, width: float = 10.0) -> list:
    answer = pickup_windows(instance, plan, request, width=width)
    assert not answer.servable
    return [(reason.code, reason.dimension) for reason in answer.reasons]


def test_reason_codes() -> None:
    free = [(0.0, *WIDE), (2.0, 10.0, 40.0), (6.0, *WIDE)]
    one: list[tuple[int, int, tuple[int, ...], float]] = [(1, 2, (1, 1), 10.0)]
    empty = Plan(routes=[[], []], unserved={0: ""})
    # No wheelchair place anywhere (dimension 1).
    instance = town(free, one, [(8, 0), (8, 0)])
    assert reasons(instance, empty, instance.requests[0]) == [("capacity", 1)]
    # Seats on one vehicle, the wheelchair place on the other: no single vehicle fits.
    instance = town(free, [(1, 2, (2, 1), 10.0)], [(8, 0), (1, 1)])
    assert reasons(instance, empty, instance.requests[0]) == [("capacity", None)]
    # The direct ride (4) is longer than the maximum ride time.
    instance = town(free, [(1, 2, (1, 0), 3.0)], [(8, 1), (8, 1)])
    assert reasons(instance, empty, instance.requests[0]) == [("ride_time", None)]
    # Drop-off by 12 but the pickup starts at 10 (service 1, ride 4).
    conflict = [(0.0, *WIDE), (2.0, 10.0, 40.0), (6.0, 0.0, 12.0)]
    instance = town(conflict, one, [(8, 1), (8, 1)])
    assert reasons(instance, empty, instance.requests[0]) == [("window_conflict", None)]
    # The pickup window is after every shift.
    instance = town(free, one, [(8, 1), (8, 1)], shift=(0.0, 9.0))
    assert reasons(instance, empty, instance.requests[0]) == [("outside_shifts", None)]
    # Room on an empty vehicle, but the only one is full at that time.
    busy = [(0.0, *WIDE), (2.0, 10.0, 12.0), (6.0, *WIDE), (2.0, 10.0, 12.0), (6.0, *WIDE)]
    two: list[tuple[int, int, tuple[int, ...], float]] = [(1, 2, (1,), 6.0), (3, 4, (1,), 6.0)]
    instance = town(busy, two, [(1,)])
    plan = Plan(routes=[[1, 2]], unserved={1: ""})
    assert reasons(instance, plan, instance.requests[1], width=2.0) == [("fully_booked", None)]
    # A 30-minute promise cannot fit a 20-minute window.
    instance = town([(0.0, *WIDE), (2.0, 10.0, 30.0), (6.0, *WIDE)], one, [(8, 1)])
    assert reasons(instance, Plan(routes=[[]]), instance.requests[0], width=30.0) == [
        ("window_too_narrow", None)
    ]
    # No vehicle at all.
    instance = town(free, one, [])
    assert reasons(instance, Plan(routes=[]), instance.requests[0]) == [("no_vehicle", None)]
    assert set(REASONS) == {
        "no_vehicle",
        "capacity",
        "ride_time",
        "window_conflict",
        "outside_shifts",
        "fully_booked",
        "window_too_narrow",
    }


def test_a_planned_request_cannot_be_asked_about() -> None:
    instance, plan, _request = busy_day()
    with pytest.raises(ValueError, match="already in the plan"):
        PreparedDay(instance, plan).windows(instance.requests[0])


def test_a_promise_off_the_grid_when_only_that_one_fits() -> None:
    """Pickup wanted at 17 ± 5 with a 10-minute promise: only [12, 22] fits, and it is offered
    though 12 is not on the 5-minute grid."""
    points = [(0.0, *WIDE), (2.0, 12.0, 22.0), (6.0, *WIDE)]
    instance = town(points, [(1, 2, (1,), 10.0)], [(3,)])
    answer = pickup_windows(instance, Plan(routes=[[]]), instance.requests[0], width=10.0, step=5.0)
    assert [(o.start, o.end) for o in answer.offers] == [(12.0, 22.0)]


def test_the_answer_on_chosen_vehicles_only() -> None:
    instance, plan, request = busy_day()
    day = PreparedDay(instance, plan)
    everywhere = day.windows(request, width=10.0, step=5.0, limit=None)
    assert {o.vehicle for o in everywhere.offers} == {0, 1}
    only = day.windows(request, width=10.0, step=5.0, limit=None, vehicles=[1])
    assert only.offers and {o.vehicle for o in only.offers} == {1}
    assert {o.vehicle for o in day.options(request, vehicles={0})} == {0}
    assert [r.code for r in day.reasons(request, vehicles=[])] == ["no_vehicle"]
    with pytest.raises(ValueError, match="vehicle 5"):
        day.options(request, vehicles=[5])
