"""Fast insertion: where one new request fits into a day's current plan, without re-solving.

For every vehicle, every pair of positions (pickup, drop-off) that passes the kernel's cheap
filters and then its exact schedule check is an option. Each option carries the window of
pickup times it allows: the set of feasible service starts at the pickup is an interval (the
feasible schedules form a convex set), found by bisection on the exact check with the
pickup's window narrowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numba import njit

from . import kernel
from .model import Instance, Plan, Request

#: The precision of the pickup windows, in minutes.
PRECISION = 0.01
#: An open window is reported as at most this long (minutes after its earliest time).
HORIZON_CAP = 2880.0


@dataclass(frozen=True)
class Option:
    """One feasible way to serve the new request: on ``vehicle``, with the new route
    ``route[:pickup_position] + [pickup] + route[pickup_position:dropoff_position] + [dropoff]
    + route[dropoff_position:]``, adding ``added_cost`` to the plan, with service at the pickup
    starting anywhere in ``[earliest, latest]``."""

    vehicle: int
    pickup_position: int
    dropoff_position: int
    added_cost: float
    earliest: float
    latest: float


@njit(cache=True)
def _window(
    path,
    p,
    precision,
    earliest,
    latest,
    service,
    travel,
    delta,
    partner,
    max_ride,
    is_pickup,
    capacity,
    shift_earliest,
    shift_latest,
    max_duration,
):
    """The interval of feasible service starts at node ``p`` in the feasible ``path``."""
    n = path.shape[0]
    early = earliest.copy()
    late = latest.copy()
    low, high = earliest[p], min(latest[p], shift_latest)
    if high > low + HORIZON_CAP:
        high = low + HORIZON_CAP
    # The latest start: narrow the window to [x, latest]; feasible while x <= the answer.
    a, b = low, high
    early[p] = b
    args_ok = path_ok(
        path,
        n,
        early,
        late,
        service,
        travel,
        delta,
        partner,
        max_ride,
        is_pickup,
        capacity,
        shift_earliest,
        shift_latest,
        max_duration,
    )
    if args_ok:
        a = b
    while b - a > precision:
        mid = (a + b) / 2
        early[p] = mid
        if path_ok(
            path,
            n,
            early,
            late,
            service,
            travel,
            delta,
            partner,
            max_ride,
            is_pickup,
            capacity,
            shift_earliest,
            shift_latest,
            max_duration,
        ):
            a = mid
        else:
            b = mid
    top = a
    early[p] = earliest[p]
    # The earliest start: narrow the window to [earliest, x]; feasible while x >= the answer.
    a, b = low, top
    late[p] = a
    if path_ok(
        path,
        n,
        early,
        late,
        service,
        travel,
        delta,
        partner,
        max_ride,
        is_pickup,
        capacity,
        shift_earliest,
        shift_latest,
        max_duration,
    ):
        b = a
    while b - a > precision:
        mid = (a + b) / 2
        late[p] = mid
        if path_ok(
            path,
            n,
            early,
            late,
            service,
            travel,
            delta,
            partner,
            max_ride,
            is_pickup,
            capacity,
            shift_earliest,
            shift_latest,
            max_duration,
        ):
            b = mid
        else:
            a = mid
    return b, top


path_ok = kernel.path_feasible


def insertion_options(instance: Instance, plan: Plan, request: Request) -> list[Option]:
    """Every feasible insertion of ``request`` (whose nodes are in ``instance`` but not in
    ``plan``) into ``plan``, cheapest first."""
    arrays = kernel.Arrays(instance)
    node_args = arrays.node_args()
    p, d = request.pickup, request.dropoff
    options: list[Option] = []
    for v in range(len(instance.vehicles)):
        route = np.array(plan.routes[v] if v < len(plan.routes) else [], dtype=np.int64)
        vehicle_args = arrays.vehicle_args(v)
        capacity, start, end, shift_earliest, shift_latest, max_duration = vehicle_args
        costs, ii, jj = kernel.candidates(
            route,
            p,
            d,
            kernel.INF,
            arrays.distance,
            arrays.earliest,
            arrays.latest,
            arrays.service,
            arrays.travel,
            arrays.delta,
            arrays.max_ride,
            capacity,
            start,
            end,
            shift_earliest,
            shift_latest,
        )
        for k in range(costs.shape[0]):
            path = kernel.build(route, p, d, int(ii[k]), int(jj[k]), start, end)
            if not cast(Any, kernel.path_feasible)(
                path,
                path.shape[0],
                *node_args,
                capacity,
                shift_earliest,
                shift_latest,
                max_duration,
            ):
                continue
            low, high = cast(Any, _window)(
                path, p, PRECISION, *node_args, capacity, shift_earliest, shift_latest, max_duration
            )
            options.append(
                Option(v, int(ii[k]), int(jj[k]), float(costs[k]), float(low), float(high))
            )
    options.sort(key=lambda o: (o.added_cost, o.vehicle, o.pickup_position, o.dropoff_position))
    return options
