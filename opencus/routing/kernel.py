"""The solver's hot path, compiled with numba: the exact schedule check of one route and the
cheapest feasible insertion of one request into one route.

The schedule check follows Cordeau & Laporte (2003), "A tabu search heuristic for the static
multi-vehicle dial-a-ride problem", section 3.2: the eight-step procedure that first delays
the departure from the depot by the forward time slack (to shorten the route), then delays
service at every pickup by its forward time slack (to shorten the rides of passengers picked
up there), and finally checks time windows, ride times and the route's duration. Loads are
checked per capacity dimension.

Everything here works on numpy arrays built once per instance by :class:`Arrays`, so that the
numba functions are compiled once (``cache=True`` keeps the machine code between runs). Each
compiled function keeps its pure-Python original as ``.py_func``; the tests run both.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .model import Instance

INF = 1e18


class Arrays:
    """An instance as the arrays the kernel reads, indexed by node (and vehicle)."""

    def __init__(self, instance: Instance) -> None:
        size = len(instance.nodes)
        dims = max(
            [len(r.load) for r in instance.requests] + [len(v.capacity) for v in instance.vehicles]
            or [1]
        )
        self.earliest = np.array([n.window.earliest for n in instance.nodes], dtype=np.float64)
        self.latest = np.array([n.window.latest for n in instance.nodes], dtype=np.float64)
        self.service = np.array([n.service for n in instance.nodes], dtype=np.float64)
        self.travel = np.array(instance.travel, dtype=np.float64).reshape(size, size)
        self.distance = np.array(instance.distance, dtype=np.float64).reshape(size, size)
        self.delta = np.zeros((size, dims), dtype=np.int64)
        self.partner = np.full(size, -1, dtype=np.int64)
        self.max_ride = np.full(size, INF, dtype=np.float64)
        self.is_pickup = np.zeros(size, dtype=np.int64)
        for request in instance.requests:
            p, d = request.pickup, request.dropoff
            self.delta[p, :] = np.array(request.load, dtype=np.int64)
            self.delta[d, :] = -np.array(request.load, dtype=np.int64)
            self.partner[p], self.partner[d] = d, p
            self.max_ride[p] = self.max_ride[d] = request.max_ride
            self.is_pickup[p] = 1
        vehicles = instance.vehicles
        self.capacity = np.array([v.capacity for v in vehicles], dtype=np.int64).reshape(
            len(vehicles), dims
        )
        self.start = np.array([v.start for v in vehicles], dtype=np.int64)
        self.end = np.array([v.end for v in vehicles], dtype=np.int64)
        # The shift narrows the depots' own windows.
        self.shift_earliest = np.array(
            [max(v.shift.earliest, instance.nodes[v.start].window.earliest) for v in vehicles],
            dtype=np.float64,
        )
        self.shift_latest = np.array(
            [min(v.shift.latest, instance.nodes[v.end].window.latest) for v in vehicles],
            dtype=np.float64,
        )
        self.max_duration = np.array([v.max_duration for v in vehicles], dtype=np.float64)

    def feasible(self, vehicle: int, route: list[int]) -> bool:
        """Whether ``route`` (stops without depots) has a feasible schedule on ``vehicle``."""
        return bool(
            route_feasible(
                np.array(route, dtype=np.int64),
                *self.node_args(),
                *self.vehicle_args(vehicle),
            )
        )

    def node_args(self) -> tuple[np.ndarray, ...]:
        return (
            self.earliest,
            self.latest,
            self.service,
            self.travel,
            self.delta,
            self.partner,
            self.max_ride,
            self.is_pickup,
        )

    def vehicle_args(self, vehicle: int) -> tuple[object, ...]:
        return (
            self.capacity[vehicle],
            int(self.start[vehicle]),
            int(self.end[vehicle]),
            float(self.shift_earliest[vehicle]),
            float(self.shift_latest[vehicle]),
            float(self.max_duration[vehicle]),
        )


@njit(cache=True)
def _forward(path, n, depart, early, late, service, travel, arrive, wait, begin, leave):
    arrive[0] = depart
    begin[0] = depart
    wait[0] = 0.0
    leave[0] = depart
    for k in range(1, n):
        arrive[k] = leave[k - 1] + travel[path[k - 1], path[k]]
        begin[k] = max(arrive[k], early[k])
        wait[k] = begin[k] - arrive[k]
        leave[k] = begin[k] + service[path[k]]


@njit(cache=True)
def _slack(i, n, pos, path, late, begin, wait, leave, partner, max_ride, is_pickup):
    """The forward time slack at position ``i``: how far service there may be delayed without
    breaking a later window or the ride time of a passenger already on board at ``i``."""
    best = INF
    waited = 0.0
    for j in range(i, n):
        if j > i:
            waited += wait[j]
        room = late[j] - begin[j]
        node = path[j]
        if j > 0 and j < n - 1 and is_pickup[node] == 0:
            k = pos[partner[node]]
            if k < i:
                ride_room = max_ride[node] - (begin[j] - leave[k])
                room = min(room, ride_room)
        if room < 0.0:
            room = 0.0
        best = min(best, waited + room)
    return best


@njit(cache=True)
def path_feasible(
    path,
    n,
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
    """Whether the first ``n`` nodes of ``path`` (start depot, stops, end depot) can be
    scheduled: precedence, loads, windows, ride times and route duration."""
    eps = 1e-7
    dims = capacity.shape[0]
    load = np.zeros(dims, dtype=np.int64)
    pos = np.full(earliest.shape[0], -1, dtype=np.int64)
    early = np.empty(n)
    late = np.empty(n)
    for k in range(n):
        node = path[k]
        early[k] = earliest[node]
        late[k] = latest[node]
        if 0 < k < n - 1:
            pos[node] = k
            for dim in range(dims):
                load[dim] += delta[node, dim]
                if load[dim] > capacity[dim]:
                    return False
    early[0] = shift_earliest
    late[0] = min(late[0], shift_latest)
    late[n - 1] = min(late[n - 1], shift_latest)
    for k in range(1, n - 1):
        node = path[k]
        other = pos[partner[node]]
        if is_pickup[node] == 1:
            if other <= k:
                return False
        elif other < 0 or other >= k:
            return False
    arrive = np.empty(n)
    wait = np.empty(n)
    begin = np.empty(n)
    leave = np.empty(n)
    # Steps 1-2: earliest schedule; a window missed now cannot be met later.
    _forward(path, n, early[0], early, late, service, travel, arrive, wait, begin, leave)
    for k in range(n):
        if begin[k] > late[k] + eps:
            return False
    # Steps 3-5: leave the depot as late as the forward slack allows (shortens the route).
    waits = 0.0
    for k in range(1, n):
        waits += wait[k]
    slack0 = _slack(0, n, pos, path, late, begin, wait, leave, partner, max_ride, is_pickup)
    _forward(
        path,
        n,
        early[0] + min(slack0, waits),
        early,
        late,
        service,
        travel,
        arrive,
        wait,
        begin,
        leave,
    )
    # Steps 6-7: rides and duration; done when they hold.
    ok = arrive[n - 1] - leave[0] <= max_duration + eps
    if ok:
        for k in range(1, n - 1):
            node = path[k]
            if is_pickup[node] == 0 and begin[k] - leave[pos[partner[node]]] > max_ride[node] + eps:
                ok = False
                break
    if ok:
        return True
    # Step 8: delay service at each pickup by its forward slack to shorten the rides.
    for j in range(1, n - 1):
        if is_pickup[path[j]] == 0:
            continue
        slack = _slack(j, n, pos, path, late, begin, wait, leave, partner, max_ride, is_pickup)
        later = 0.0
        for k in range(j + 1, n):
            later += wait[k]
        shift = min(slack, later)
        if shift <= 0.0:
            continue
        wait[j] += shift
        begin[j] = arrive[j] + wait[j]
        leave[j] = begin[j] + service[path[j]]
        for k in range(j + 1, n):
            arrive[k] = leave[k - 1] + travel[path[k - 1], path[k]]
            begin[k] = max(arrive[k], early[k])
            wait[k] = begin[k] - arrive[k]
            leave[k] = begin[k] + service[path[k]]
    # Step 9: everything once more.
    if arrive[n - 1] - leave[0] > max_duration + eps:
        return False
    for k in range(n):
        if begin[k] > late[k] + eps:
            return False
        node = path[k]
        if (
            0 < k < n - 1
            and is_pickup[node] == 0
            and begin[k] - leave[pos[partner[node]]] > max_ride[node] + eps
        ):
            return False
    return True


@njit(cache=True)
def route_feasible(
    route,
    earliest,
    latest,
    service,
    travel,
    delta,
    partner,
    max_ride,
    is_pickup,
    capacity,
    start,
    end,
    shift_earliest,
    shift_latest,
    max_duration,
):
    """Whether ``route`` (stops without depots) is feasible for the vehicle described by the
    last six arguments."""
    m = route.shape[0]
    path = np.empty(m + 2, dtype=np.int64)
    path[0] = start
    path[1 : m + 1] = route
    path[m + 1] = end
    return path_feasible(
        path,
        m + 2,
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
    )


@njit(cache=True)
def route_cost(route, distance, start, end):
    """The distance driven along ``route`` from ``start`` to ``end``."""
    total = 0.0
    prev = start
    for k in range(route.shape[0]):
        total += distance[prev, route[k]]
        prev = route[k]
    return total + distance[prev, end]


@njit(cache=True)
def candidates(
    route,
    p,
    d,
    bound,
    distance,
    earliest,
    latest,
    service,
    travel,
    delta,
    max_ride,
    capacity,
    start,
    end,
    shift_earliest,
    shift_latest,
):
    """The insertions of request ``(p, d)`` into ``route`` that pass the cheap necessary
    filters (loads, windows against the route's earliest and latest times, the direct ride)
    and cost less than ``bound``, in increasing cost order: ``(costs, i, j)`` where the new
    route is ``route[:i] + [p] + route[i:j] + [d] + route[j:]``."""
    m = route.shape[0]
    n = m + 2
    dims = capacity.shape[0]
    out_cost = np.empty(0)
    out_i = np.empty(0, dtype=np.int64)
    out_j = np.empty(0, dtype=np.int64)
    for dim in range(dims):
        if delta[p, dim] > capacity[dim]:
            return out_cost, out_i, out_j
    if travel[p, d] > max_ride[p] + 1e-7:
        return out_cost, out_i, out_j
    path = np.empty(n, dtype=np.int64)
    path[0] = start
    path[1 : m + 1] = route
    path[n - 1] = end
    # Earliest service starts and latest feasible starts (windows only), loads after each stop.
    soon = np.empty(n)
    soon[0] = shift_earliest
    for k in range(1, n):
        soon[k] = max(
            earliest[path[k]], soon[k - 1] + service[path[k - 1]] + travel[path[k - 1], path[k]]
        )
    last = np.empty(n)
    last[n - 1] = min(latest[end], shift_latest)
    for k in range(n - 2, -1, -1):
        last[k] = min(
            latest[path[k]], last[k + 1] - service[path[k]] - travel[path[k], path[k + 1]]
        )
    load = np.zeros((n, dims), dtype=np.int64)
    for k in range(1, n - 1):
        for dim in range(dims):
            load[k, dim] = load[k - 1, dim] + delta[path[k], dim]
    size = (m + 1) * (m + 2) // 2
    costs = np.empty(size)
    ii = np.empty(size, dtype=np.int64)
    jj = np.empty(size, dtype=np.int64)
    count = 0
    sp, sd = service[p], service[d]
    for i in range(m + 1):
        a = path[i]
        b = path[i + 1]
        at_p = max(earliest[p], soon[i] + service[a] + travel[a, p])
        if at_p > latest[p] + 1e-7:
            continue
        fits = True
        for dim in range(dims):
            if load[i, dim] + delta[p, dim] > capacity[dim]:
                fits = False
        if not fits:
            continue
        add_p = distance[a, p] + distance[p, b] - distance[a, b]
        # d right after p.
        at_d = max(earliest[d], at_p + sp + travel[p, d])
        if at_d <= latest[d] + 1e-7 and at_d + sd + travel[d, b] <= last[i + 1] + 1e-7:
            cost = distance[a, p] + distance[p, d] + distance[d, b] - distance[a, b]
            if cost < bound:
                costs[count] = cost
                ii[count] = i
                jj[count] = i
                count += 1
        if i == m or at_p + sp + travel[p, b] > last[i + 1] + 1e-7:
            continue
        for j in range(i + 1, m + 1):
            # Stop j (path index j) is now carried with the new passenger on board.
            over = False
            for dim in range(dims):
                if load[j, dim] + delta[p, dim] > capacity[dim]:
                    over = True
            if over:
                break
            c = path[j]
            e = path[j + 1]
            at_d = max(earliest[d], soon[j] + service[c] + travel[c, d])
            if at_d > latest[d] + 1e-7:
                continue
            if at_d + sd + travel[d, e] > last[j + 1] + 1e-7:
                continue
            cost = add_p + distance[c, d] + distance[d, e] - distance[c, e]
            if cost < bound:
                costs[count] = cost
                ii[count] = i
                jj[count] = j
                count += 1
    order = np.argsort(costs[:count], kind="mergesort")
    return costs[:count][order], ii[:count][order], jj[:count][order]


@njit(cache=True)
def build(route, p, d, i, j, start, end):
    """The path (with depots) of ``route[:i] + [p] + route[i:j] + [d] + route[j:]``."""
    m = route.shape[0]
    path = np.empty(m + 4, dtype=np.int64)
    path[0] = start
    path[1 : i + 1] = route[:i]
    path[i + 1] = p
    path[i + 2 : j + 2] = route[i:j]
    path[j + 2] = d
    path[j + 3 : m + 3] = route[j:]
    path[m + 3] = end
    return path


@njit(cache=True)
def best_insertion(
    route,
    p,
    d,
    bound,
    distance,
    earliest,
    latest,
    service,
    travel,
    delta,
    partner,
    max_ride,
    is_pickup,
    capacity,
    start,
    end,
    shift_earliest,
    shift_latest,
    max_duration,
):
    """The cheapest feasible insertion of request ``(p, d)`` into ``route`` costing less than
    ``bound``: ``(cost, i, j)``, or ``(INF, -1, -1)`` when there is none. Candidates pass the
    cheap filters first, then the exact check in cost order until one passes."""
    costs, ii, jj = candidates(
        route,
        p,
        d,
        bound,
        distance,
        earliest,
        latest,
        service,
        travel,
        delta,
        max_ride,
        capacity,
        start,
        end,
        shift_earliest,
        shift_latest,
    )
    m = route.shape[0]
    for k in range(costs.shape[0]):
        path = build(route, p, d, ii[k], jj[k], start, end)
        if path_feasible(
            path,
            m + 4,
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
            return costs[k], ii[k], jj[k]
    return INF, -1, -1
