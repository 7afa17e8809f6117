"""The solver's hot path, compiled with numba: the exact schedule check of one route, the
cheapest feasible insertion of one request into one route, the repairs built on it, and the
two descents that polish a plan (relocating one request, exchanging two routes' tails).

The schedule check follows Cordeau & Laporte (2003), "A tabu search heuristic for the static
multi-vehicle dial-a-ride problem", section 3.2: the eight-step procedure that first delays
the departure from the depot by the forward time slack (to shorten the route), then delays
service at every pickup by its forward time slack (to shorten the rides of passengers picked
up there), and finally checks time windows, ride times and the route's duration. Loads are
checked per capacity dimension. A forward time slack stops summing once the waiting after the
stop exceeds it, and a delay stops moving later stops once waiting absorbs it, so most checks
end early without changing their answer.

Before the exact check, an insertion passes cheap necessary filters computed from the route
once (:func:`_route_data`, :func:`_scan_into`): loads; windows, with the delay the new pickup
passes on; the new passenger's ride, also with the waiting the windows force; the rides of the
passengers on board, with and without forced waiting, and for those who take both new stops'
delays; and the route's shortest duration (the earliest arrival at the end against the latest
departure). Candidates are then checked in cost order until one passes.

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
    """How far service at position ``i`` may be delayed: the forward time slack there (without
    breaking a later window or the ride time of a passenger already on board at ``i``), but no
    more than the waiting after ``i``, since a longer delay only makes the route longer."""
    best = INF
    waited = 0.0
    for j in range(i, n):
        if j > i:
            waited += wait[j]
            # Every later term is at least the waiting so far.
            if waited >= best:
                return best
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
    return min(best, waited)


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
    slack0 = _slack(0, n, pos, path, late, begin, wait, leave, partner, max_ride, is_pickup)
    _forward(
        path,
        n,
        early[0] + slack0,
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
        shift = _slack(j, n, pos, path, late, begin, wait, leave, partner, max_ride, is_pickup)
        if shift <= 0.0:
            continue
        wait[j] += shift
        begin[j] = arrive[j] + wait[j]
        leave[j] = begin[j] + service[path[j]]
        for k in range(j + 1, n):
            arrive[k] = leave[k - 1] + travel[path[k - 1], path[k]]
            start_k = max(arrive[k], early[k])
            wait[k] = start_k - arrive[k]
            if start_k == begin[k]:
                break  # the delay is absorbed by waiting: nothing later moves
            begin[k] = start_k
            leave[k] = start_k + service[path[k]]
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
def _route_data(
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
    thorough,
):
    """What the insertion filters need to know of one route, computed once for all the
    requests tried on it: the path with depots, the earliest and latest service starts
    (windows only), loads, service starts without waiting, the delay the passengers on board
    can take over each leg (and over two legs at once), the spare route duration, and what
    the route's shortest duration needs: the waiting that absorbs a delay before the end depot
    and the latest departures that reach the stops up to and from each one in time."""
    m = route.shape[0]
    n = m + 2
    dims = capacity.shape[0]
    path = np.empty(n, dtype=np.int64)
    path[0] = start
    path[1 : m + 1] = route
    path[n - 1] = end
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
    # Service starts without any waiting, relative to leaving the start (as _forward counts).
    drive = np.empty(n)
    drive[0] = 0.0
    for k in range(1, n):
        drive[k] = drive[k - 1] + travel[path[k - 1], path[k]]
        if k - 1 > 0:
            drive[k] += service[path[k - 1]]
    # room[e]: how long a delay between stops e and e + 1 the passengers on board there can
    # take: their ride without any waiting plus the delay stays within their maximum ride time;
    # with ``thorough``, so does their ride with the waiting the windows force when they are
    # picked up as late as possible, plus the part of the delay that the waiting after e does
    # not absorb. ``thorough`` takes time that pays only when many requests are tried on the
    # route, as in :func:`_column`.
    room = np.full(n, INF)
    # together[e, f] (with ``thorough``): the same for the passengers on board both between
    # stops e and e + 1 and between f and f + 1 (e <= f), who take both delays.
    together = np.full((n, n), INF) if thorough else np.full((0, 0), INF)
    then = np.empty(n)
    for k in range(1, n - 1):
        node = path[k]
        if is_pickup[node] == 1:
            continue
        other = partner[node]
        x = -1
        for h in range(k - 1, 0, -1):
            if path[h] == other:
                x = h
                break
        if x < 0:
            continue
        spare = max_ride[node] - (drive[k] - drive[x] - service[path[x]])
        if not thorough:
            for e in range(x, k):
                if spare < room[e]:
                    room[e] = spare
            continue
        then[x] = last[x]
        for h in range(x + 1, k + 1):
            then[h] = max(
                earliest[path[h]], then[h - 1] + service[path[h - 1]] + travel[path[h - 1], path[h]]
            )
        waited = 0.0
        spare_waiting = max_ride[node] - (then[k] - last[x] - service[path[x]])
        for e in range(k - 1, x - 1, -1):
            h = e + 1
            waited += then[h] - (then[e] + service[path[e]] + travel[path[e], path[h]])
            bound = min(spare, spare_waiting + waited)
            if bound < room[e]:
                room[e] = bound
            if bound < together[e, k - 1]:
                together[e, k - 1] = bound
    if thorough:
        for e in range(n - 1):
            for f in range(n - 3, e - 1, -1):
                if together[e, f + 1] < together[e, f]:
                    together[e, f] = together[e, f + 1]
    spare_duration = max_duration - drive[n - 1]
    # absorb[k]: the waiting in the earliest schedule at the stops after k and before the end
    # depot; a delay at stop k no longer than this does not reach the end depot.
    absorb = np.zeros(n)
    for k in range(n - 3, -1, -1):
        h = k + 1
        absorb[k] = absorb[h] + soon[h] - (soon[k] + service[path[k]] + travel[path[k], path[h]])
    # head[k] and tail[k]: the latest departure from the start that reaches every stop up to k
    # (from k on) before its window closes, driving without waiting.
    reach = np.empty(n)
    for k in range(n):
        reach[k] = latest[path[k]] - drive[k]
    reach[0] = min(reach[0], shift_latest)
    reach[n - 1] = min(reach[n - 1], shift_latest - drive[n - 1])
    head = reach.copy()
    tail = reach.copy()
    for k in range(1, n):
        head[k] = min(head[k - 1], reach[k])
    for k in range(n - 2, -1, -1):
        tail[k] = min(tail[k + 1], reach[k])
    return path, soon, last, load, drive, room, together, spare_duration, absorb, head, tail


@njit(cache=True)
def _arrival(at, k, n, soon, absorb, arrive_end):
    """The earliest arrival at the end depot (position ``n - 1``) when the earliest arrival at
    position ``k`` becomes ``at``: the delay there, less the waiting after it that absorbs it."""
    if k == n - 1:
        return at
    return arrive_end + max(0.0, at - soon[k] - absorb[k])


@njit(cache=True)
def _scan_into(
    m,
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
    path,
    soon,
    last,
    load,
    drive,
    room,
    together,
    spare_duration,
    absorb,
    head,
    tail,
    costs,
    ii,
    jj,
):
    """Write the insertions of ``(p, d)`` into the route described by :func:`_route_data` that
    pass the cheap necessary filters and cost less than ``bound`` into ``costs``, ``ii`` and
    ``jj`` (each at least ``(m + 1) * (m + 2) // 2`` long), in scan order; return how many.
    The filters are those the module docstring lists."""
    eps = 1e-7
    dims = capacity.shape[0]
    for dim in range(dims):
        if delta[p, dim] > capacity[dim]:
            return 0
    if travel[p, d] > max_ride[p] + eps:
        return 0
    count = 0
    sp, sd = service[p], service[d]
    n = m + 2
    max_duration = spare_duration + drive[n - 1]
    # The arrival at the end depot in the earliest schedule.
    arrive_end = soon[n - 2] + service[path[n - 2]] + travel[path[n - 2], path[n - 1]]
    for i in range(m + 1):
        a = path[i]
        b = path[i + 1]
        at_p = max(earliest[p], soon[i] + service[a] + travel[a, p])
        if at_p > latest[p] + eps:
            continue
        fits = True
        for dim in range(dims):
            if load[i, dim] + delta[p, dim] > capacity[dim]:
                fits = False
        if not fits:
            continue
        add_p = distance[a, p] + distance[p, b] - distance[a, b]
        late_p = travel[a, p] + sp + travel[p, b] - travel[a, b]
        # The drive from leaving the start to p, without waiting.
        to_p = drive[i] + travel[a, p]
        if i > 0:
            to_p += service[a]
        depart_p = min(head[i], latest[p] - to_p)
        # d right after p.
        at_d = max(earliest[d], at_p + sp + travel[p, d])
        if at_d <= latest[d] + eps and at_d + sd + travel[d, b] <= last[i + 1] + eps:
            late = travel[a, p] + sp + travel[p, d] + sd + travel[d, b] - travel[a, b]
            # The ride when p is served as late as its window and d's allow.
            lp = min(latest[p], latest[d] - travel[p, d] - sp)
            ride = max(earliest[d], lp + sp + travel[p, d]) - lp - sp
            # The route's shortest duration: the earliest arrival at the end depot against
            # the latest departure.
            arrival = _arrival(at_d + sd + travel[d, b], i + 1, n, soon, absorb, arrive_end)
            depart = min(depart_p, tail[i + 1] - late)
            if (
                late <= room[i] + eps
                and late <= spare_duration + eps
                and ride <= max_ride[p] + eps
                and arrival - depart <= max_duration + eps
            ):
                cost = distance[a, p] + distance[p, d] + distance[d, b] - distance[a, b]
                if cost < bound:
                    costs[count] = cost
                    ii[count] = i
                    jj[count] = i
                    count += 1
        if i == m or at_p + sp + travel[p, b] > last[i + 1] + eps:
            continue
        if late_p > room[i] + eps or late_p > spare_duration + eps:
            continue
        # The earliest service start at stop j once p is served before it, and the same when
        # p is served as late as the windows allow (the new passenger's shortest ride).
        now = max(earliest[b], at_p + sp + travel[p, b])
        lp = min(latest[p], last[i + 1] - sp - travel[p, b])
        then = max(earliest[b], lp + sp + travel[p, b])
        for j in range(i + 1, m + 1):
            over = False
            for dim in range(dims):
                if load[j, dim] + delta[p, dim] > capacity[dim]:
                    over = True
            if over:
                break
            c = path[j]
            e = path[j + 1]
            if j > i + 1:
                f = path[j - 1]
                now = max(earliest[c], now + service[f] + travel[f, c])
                then = max(earliest[c], then + service[f] + travel[f, c])
            # Stop j pushed past its latest start stays past it for every later j.
            if now > last[j] + eps:
                break
            # The new passenger's shortest ride only grows with j.
            if (
                travel[p, b] + drive[j] - drive[i + 1] + service[c] + travel[c, d]
                > max_ride[p] + eps
            ):
                break
            at_d = max(earliest[d], now + service[c] + travel[c, d])
            if at_d > latest[d] + eps:
                continue
            if at_d + sd + travel[d, e] > last[j + 1] + eps:
                continue
            late_d = travel[c, d] + sd + travel[d, e] - travel[c, e]
            if late_d > room[j] + eps or late_p + late_d > spare_duration + eps:
                continue
            if together.shape[0] and late_p + late_d > together[i, j] + eps:
                continue
            if max(earliest[d], then + service[c] + travel[c, d]) - lp - sp > max_ride[p] + eps:
                continue
            arrival = _arrival(at_d + sd + travel[d, e], j + 1, n, soon, absorb, arrive_end)
            depart = min(depart_p, tail[i + 1] - late_p, tail[j + 1] - late_p - late_d)
            if arrival - depart > max_duration + eps:
                continue
            cost = add_p + distance[c, d] + distance[d, e] - distance[c, e]
            if cost < bound:
                costs[count] = cost
                ii[count] = i
                jj[count] = j
                count += 1
    return count


@njit(cache=True)
def _first_feasible(
    count,
    costs,
    ii,
    jj,
    route,
    p,
    d,
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
    """The first of ``count`` candidates (from :func:`_scan_into`) that passes the exact check,
    in increasing cost and then scan order: ``(cost, i, j)``, or ``(INF, -1, -1)``. Typically
    the first or second candidate passes, so the cheapest untried one is looked up each time
    rather than all sorted; ``costs`` is spent."""
    m = route.shape[0]
    for _attempt in range(count):
        k = -1
        low = np.inf
        for h in range(count):
            if costs[h] < low:
                low, k = costs[h], h
        if k < 0:
            break
        costs[k] = np.inf
        path = build(route, p, d, ii[k], jj[k], start, end)
        if path_feasible(
            path, m + 4, earliest, latest, service, travel, delta, partner, max_ride,
            is_pickup, capacity, shift_earliest, shift_latest, max_duration,
        ):  # fmt: skip
            return low, ii[k], jj[k]
    return INF, -1, -1


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
    path, soon, last, load, drive, room, together, spare, absorb, head, tail = _route_data(
        route, earliest, latest, service, travel, delta, partner, max_ride, is_pickup,
        capacity, start, end, shift_earliest, shift_latest, max_duration, False,
    )  # fmt: skip
    m = route.shape[0]
    size = (m + 1) * (m + 2) // 2
    costs = np.empty(size)
    ii = np.empty(size, dtype=np.int64)
    jj = np.empty(size, dtype=np.int64)
    count = _scan_into(
        m, p, d, bound, distance, earliest, latest, service, travel, delta, max_ride, capacity,
        path, soon, last, load, drive, room, together, spare, absorb, head, tail, costs,
        ii, jj,
    )  # fmt: skip
    return _first_feasible(
        count, costs, ii, jj, route, p, d, earliest, latest, service, travel, delta, partner,
        max_ride, is_pickup, capacity, start, end, shift_earliest, shift_latest, max_duration,
    )  # fmt: skip


# -- whole repairs and local search in one compiled call ----------------------------------------
#
# The solver keeps a plan as ``routes`` (one row per vehicle, the stops without depots in the
# first ``lens[v]`` cells), ``lens`` and ``costs`` (each route's distance). Requests are given
# by index ``r`` with nodes ``pickup_of[r]`` and ``dropoff_of[r]``; ``pinned_to[r]`` is the
# only vehicle allowed to serve ``r`` (or -1). ``kind[v]`` numbers the classes of identical
# vehicles: of several empty vehicles of one class only the first is tried, because the others
# would give the same answers.

#: Repair modes: requests in the given order, each at its cheapest place; the cheapest
#: insertion first; regret-2; regret-3.
SEQUENTIAL, GREEDY, REGRET2, REGRET3 = 0, 1, 2, 3
#: The regret of a request with fewer feasible routes than the regret counts.
_MISSING = 1e9


@njit(cache=True)
def _twin_empty(lens, kind, v):
    """Whether ``v`` is empty and an earlier empty vehicle of its class stands for it."""
    if lens[v] != 0:
        return False
    for u in range(v):  # noqa: SIM110 - numba compiles loops, not generators
        if lens[u] == 0 and kind[u] == kind[v]:
            return True
    return False


@njit(cache=True)
def _insert_at(routes, lens, costs, v, p, d, i, j, added):
    m = lens[v]
    route = routes[v]
    # route[:i] + [p] + route[i:j] + [d] + route[j:], shifted in place from the end.
    for k in range(m - 1, j - 1, -1):
        route[k + 2] = route[k]
    route[j + 1] = d
    for k in range(j - 1, i - 1, -1):
        route[k + 1] = route[k]
    route[i] = p
    lens[v] = m + 2
    costs[v] += added


@njit(cache=True)
def _evaluate(
    routes,
    lens,
    v,
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
    return best_insertion(
        routes[v, : lens[v]],
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
        capacity[v],
        start[v],
        end[v],
        shift_earliest[v],
        shift_latest[v],
        max_duration[v],
    )


@njit(cache=True)
def _column(
    routes,
    lens,
    u,
    todo,
    active,
    cost,
    at_i,
    at_j,
    pinned_only,
    pickup_of,
    dropoff_of,
    pinned_to,
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
    """The best insertion of every active request of ``todo`` into route ``u`` (exactly as
    :func:`best_insertion` with no bound), with the route's filter data computed once; only
    the requests pinned to ``u`` when ``pinned_only``."""
    m = lens[u]
    route = routes[u, :m]
    path, soon, last, load, drive, room, together, spare, absorb, head, tail = _route_data(
        route, earliest, latest, service, travel, delta, partner, max_ride, is_pickup,
        capacity[u], start[u], end[u], shift_earliest[u], shift_latest[u], max_duration[u], True,
    )  # fmt: skip
    size = (m + 1) * (m + 2) // 2
    costs = np.empty(size)
    ii = np.empty(size, dtype=np.int64)
    jj = np.empty(size, dtype=np.int64)
    for t in range(todo.shape[0]):
        if not active[t]:
            continue
        cost[t, u], at_i[t, u], at_j[t, u] = INF, -1, -1
        r = todo[t]
        if pinned_to[r] >= 0 and pinned_to[r] != u:
            continue
        if pinned_only and pinned_to[r] != u:
            continue
        p, d = pickup_of[r], dropoff_of[r]
        count = _scan_into(
            m, p, d, INF, distance, earliest, latest, service, travel, delta, max_ride,
            capacity[u], path, soon, last, load, drive, room, together, spare, absorb, head,
            tail, costs, ii, jj,
        )  # fmt: skip
        cost[t, u], at_i[t, u], at_j[t, u] = _first_feasible(
            count, costs, ii, jj, route, p, d, earliest, latest, service, travel, delta,
            partner, max_ride, is_pickup, capacity[u], start[u], end[u], shift_earliest[u],
            shift_latest[u], max_duration[u],
        )  # fmt: skip


@njit(cache=True)
def repair(
    routes,
    lens,
    costs,
    todo,
    mode,
    noise,
    draws,
    pickup_of,
    dropoff_of,
    pinned_to,
    kind,
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
    """Insert the requests ``todo`` into the plan (changed in place); return those that found
    no feasible place, in ``todo`` order.

    ``mode`` is :data:`SEQUENTIAL` (in ``todo`` order, each at its cheapest place over all
    routes), :data:`GREEDY` (repeatedly the cheapest insertion of any request) or
    :data:`REGRET2`/:data:`REGRET3` (repeatedly the request that loses most by waiting: the sum
    of the differences between its best route and its next one or two). The best insertion of
    each request into each route is kept and recomputed only for the route that changed.
    ``noise`` (a distance) perturbs the costs used to choose, never the costs kept:
    ``draws`` holds one uniform number in [-1, 1) per (request, vehicle) pair and step, reused
    cyclically."""
    k = routes.shape[0]
    q = todo.shape[0]
    left = np.empty(q, dtype=np.int64)
    nleft = 0
    nd = draws.shape[0]
    tick = 0
    if mode == SEQUENTIAL:
        for t in range(q):
            r = todo[t]
            p, d = pickup_of[r], dropoff_of[r]
            best, bv, bi, bj, real = INF, -1, -1, -1, 0.0
            for v in range(k):
                if pinned_to[r] >= 0 and pinned_to[r] != v:
                    continue
                if pinned_to[r] < 0 and _twin_empty(lens, kind, v):
                    continue
                bound = INF if noise > 0.0 else best
                c, i, j = _evaluate(
                    routes, lens, v, p, d, bound, distance, earliest, latest, service, travel,
                    delta, partner, max_ride, is_pickup, capacity, start, end, shift_earliest,
                    shift_latest, max_duration,
                )  # fmt: skip
                if i < 0:
                    continue
                score = c
                if noise > 0.0:
                    score = max(0.0, c + noise * draws[tick % nd])
                    tick += 1
                if score < best:
                    best, bv, bi, bj, real = score, v, i, j, c
            if bv < 0:
                left[nleft] = r
                nleft += 1
            else:
                _insert_at(routes, lens, costs, bv, p, d, bi, bj, real)
        return left[:nleft]
    cost = np.full((q, k), INF)
    at_i = np.full((q, k), -1, dtype=np.int64)
    at_j = np.full((q, k), -1, dtype=np.int64)
    active = np.ones(q, dtype=np.bool_)
    for v in range(k):
        _column(
            routes, lens, v, todo, active, cost, at_i, at_j, _twin_empty(lens, kind, v),
            pickup_of, dropoff_of, pinned_to, distance, earliest, latest, service, travel,
            delta, partner, max_ride, is_pickup, capacity, start, end, shift_earliest,
            shift_latest, max_duration,
        )  # fmt: skip
    depth = 1 if mode == GREEDY else (2 if mode == REGRET2 else 3)
    tops = np.empty(depth)
    for _step in range(q):
        chosen, chosen_v = -1, -1
        chosen_key, chosen_first = -INF, INF
        for t in range(q):
            if not active[t]:
                continue
            for h in range(depth):
                tops[h] = INF
            top_v = -1
            for v in range(k):
                c = cost[t, v]
                if c >= INF:
                    continue
                if noise > 0.0:
                    c = max(0.0, c + noise * draws[tick % nd])
                    tick += 1
                # Keep the ``depth`` smallest, sorted.
                if c < tops[depth - 1]:
                    h = depth - 1
                    while h > 0 and tops[h - 1] > c:
                        tops[h] = tops[h - 1]
                        h -= 1
                    tops[h] = c
                    if h == 0:
                        top_v = v
            if top_v < 0:
                continue
            if depth == 1:
                key = -tops[0]
            else:
                key = 0.0
                for h in range(1, depth):
                    key += _MISSING if tops[h] >= INF else tops[h] - tops[0]
            if key > chosen_key + 1e-9 or (
                abs(key - chosen_key) <= 1e-9 and tops[0] < chosen_first
            ):
                chosen, chosen_v, chosen_key, chosen_first = t, top_v, key, tops[0]
        if chosen < 0:
            break
        r = todo[chosen]
        v = chosen_v
        was_empty = lens[v] == 0
        _insert_at(
            routes, lens, costs, v, pickup_of[r], dropoff_of[r], at_i[chosen, v],
            at_j[chosen, v], cost[chosen, v],
        )  # fmt: skip
        active[chosen] = False
        # Route v changed; when it was empty, the next empty vehicle of its class now
        # stands for the class.
        twin = -1
        if was_empty:
            for u in range(k):
                if u != v and lens[u] == 0 and kind[u] == kind[v]:
                    twin = u
                    break
        for u in (v, twin):
            if u >= 0:
                _column(
                    routes, lens, u, todo, active, cost, at_i, at_j, False, pickup_of,
                    dropoff_of, pinned_to, distance, earliest, latest, service, travel, delta,
                    partner, max_ride, is_pickup, capacity, start, end, shift_earliest,
                    shift_latest, max_duration,
                )  # fmt: skip
    for t in range(q):
        if active[t]:
            left[nleft] = todo[t]
            nleft += 1
    return left[:nleft]


@njit(cache=True)
def removal_gains(routes, lens, request_of_node, n, distance, start, end):
    """The distance each request's removal would save on its route (0 for requests not
    served), its pickup's and its drop-off's each counted with their neighbours in place."""
    gain = np.zeros(n)
    for v in range(routes.shape[0]):
        m = lens[v]
        for k in range(m):
            node = routes[v, k]
            before = start[v] if k == 0 else routes[v, k - 1]
            after = end[v] if k == m - 1 else routes[v, k + 1]
            gain[request_of_node[node]] += (
                distance[before, node] + distance[node, after] - distance[before, after]
            )
    return gain


@njit(cache=True)
def remove_requests(routes, lens, costs, gone, distance, start, end):
    """Take the nodes marked in ``gone`` (indexed by node) out of every route, in place."""
    k = routes.shape[0]
    for v in range(k):
        m = lens[v]
        w = 0
        for s in range(m):
            node = routes[v, s]
            if not gone[node]:
                routes[v, w] = node
                w += 1
        if w != m:
            lens[v] = w
            costs[v] = route_cost(routes[v, :w], distance, start[v], end[v])


@njit(cache=True)
def relocate_descent(
    routes,
    lens,
    costs,
    order,
    pickup_of,
    dropoff_of,
    pinned_to,
    kind,
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
    """Local search: take each served request of ``order`` out of its route and put it back at
    its cheapest feasible place over all routes when that saves distance; repeat until no move
    saves anything. Changes the plan in place; returns the distance saved."""
    k = routes.shape[0]
    saved = 0.0
    improved = True
    where = np.full(distance.shape[0], -1, dtype=np.int64)
    while improved:
        improved = False
        for v in range(k):
            for s in range(lens[v]):
                where[routes[v, s]] = v
        for t in range(order.shape[0]):
            r = order[t]
            p, d = pickup_of[r], dropoff_of[r]
            v = where[p]
            if v < 0:
                continue
            m = lens[v]
            old = routes[v, :m].copy()
            w = 0
            for s in range(m):
                if old[s] != p and old[s] != d:
                    routes[v, w] = old[s]
                    w += 1
            lens[v] = w
            reduced = route_cost(routes[v, :w], distance, start[v], end[v])
            gain = costs[v] - reduced
            old_cost = costs[v]
            costs[v] = reduced
            best, bv, bi, bj = gain - 1e-7, -1, -1, -1
            for u in range(k):
                if pinned_to[r] >= 0 and pinned_to[r] != u:
                    continue
                if pinned_to[r] < 0 and _twin_empty(lens, kind, u):
                    continue
                c, i, j = _evaluate(
                    routes, lens, u, p, d, best, distance, earliest, latest, service, travel,
                    delta, partner, max_ride, is_pickup, capacity, start, end, shift_earliest,
                    shift_latest, max_duration,
                )  # fmt: skip
                if i >= 0 and c < best:
                    best, bv, bi, bj = c, u, i, j
            if bv < 0:
                routes[v, :m] = old
                lens[v] = m
                costs[v] = old_cost
                continue
            _insert_at(routes, lens, costs, bv, p, d, bi, bj, best)
            saved += gain - best
            improved = True
            for s in range(lens[bv]):
                where[routes[bv, s]] = bv
    return saved


@njit(cache=True)
def _prefix(route, m, distance, start, out):
    """``out[i]``: the distance from ``start`` through the first ``i`` stops of ``route``."""
    out[0] = 0.0
    prev = start
    for s in range(m):
        out[s + 1] = out[s] + distance[prev, route[s]]
        prev = route[s]


@njit(cache=True)
def _joined_cost(head, head_prefix, i, start, tail, tail_prefix, j, m, distance, end):
    """The distance of ``head[:i] + tail[j:m]`` driven from ``start`` to ``end``, in O(1)
    from both routes' prefix distances."""
    prev = head[i - 1] if i > 0 else start
    if j == m:
        return head_prefix[i] + distance[prev, end]
    return (
        head_prefix[i]
        + distance[prev, tail[j]]
        + tail_prefix[m]
        - tail_prefix[j + 1]
        + distance[tail[m - 1], end]
    )


@njit(cache=True)
def _empty_points(route, m, is_pickup, out):
    """The positions of ``route`` where the vehicle is empty (before stop 0, after each stop
    that leaves it empty); returns how many, written to ``out``."""
    count = 1
    out[0] = 0
    load = 0
    for s in range(m):
        load += 1 if is_pickup[route[s]] == 1 else -1
        if load == 0:
            out[count] = s + 1
            count += 1
    return count


@njit(cache=True)
def _exchange(routes, a, b, ma, mb, i, j, new_a, new_b):
    """Write route ``a``'s first ``i`` stops then route ``b``'s from ``j`` to ``new_a``, and
    ``b``'s first ``j`` then ``a``'s from ``i`` to ``new_b``; return the two lengths."""
    la = i + mb - j
    lb = j + ma - i
    new_a[:i] = routes[a, :i]
    new_a[i:la] = routes[b, j:mb]
    new_b[:j] = routes[b, :j]
    new_b[j:lb] = routes[a, i:ma]
    return la, lb


@njit(cache=True)
def _may_move(route, i, m, vehicle, request_of_node, pinned_to):
    """Whether no request among ``route[i:m]`` is pinned to another vehicle than ``vehicle``."""
    for s in range(i, m):
        pinned = pinned_to[request_of_node[route[s]]]
        if pinned >= 0 and pinned != vehicle:
            return False
    return True


@njit(cache=True)
def tail_exchange_descent(
    routes,
    lens,
    costs,
    request_of_node,
    pinned_to,
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
    """Local search (2-opt* for the dial-a-ride problem): for two routes, cut each where its
    vehicle is empty and exchange the tails when that saves distance and both new routes are
    feasible; take each pair's best exchange and repeat until none saves anything. Pinned
    requests stay on their vehicle. Changes the plan in place; returns the distance saved.
    Relocating single requests cannot make these moves: the tails' requests change vehicle
    together."""
    k = routes.shape[0]
    width = routes.shape[1]
    saved = 0.0
    cuts_a = np.empty(width + 1, dtype=np.int64)
    cuts_b = np.empty(width + 1, dtype=np.int64)
    new_a = np.empty(width, dtype=np.int64)
    new_b = np.empty(width, dtype=np.int64)
    prefix_a = np.empty(width + 1)
    prefix_b = np.empty(width + 1)
    improved = True
    while improved:
        improved = False
        for a in range(k):
            for b in range(a + 1, k):
                ma, mb = lens[a], lens[b]
                if ma == 0 and mb == 0:
                    continue
                na = _empty_points(routes[a], ma, is_pickup, cuts_a)
                nb = _empty_points(routes[b], mb, is_pickup, cuts_b)
                _prefix(routes[a], ma, distance, start[a], prefix_a)
                _prefix(routes[b], mb, distance, start[b], prefix_b)
                best, bi, bj = -1e-7, -1, -1
                for x in range(na):
                    i = cuts_a[x]
                    for y in range(nb):
                        j = cuts_b[y]
                        if i == ma and j == mb:
                            continue
                        gain = (
                            _joined_cost(
                                routes[a], prefix_a, i, start[a], routes[b], prefix_b, j, mb,
                                distance, end[a],
                            )
                            + _joined_cost(
                                routes[b], prefix_b, j, start[b], routes[a], prefix_a, i, ma,
                                distance, end[b],
                            )
                            - costs[a]
                            - costs[b]
                        )  # fmt: skip
                        if gain >= best or not (
                            _may_move(routes[b], j, mb, a, request_of_node, pinned_to)
                            and _may_move(routes[a], i, ma, b, request_of_node, pinned_to)
                        ):
                            continue
                        la, lb = _exchange(routes, a, b, ma, mb, i, j, new_a, new_b)
                        if route_feasible(
                            new_a[:la], earliest, latest, service, travel, delta, partner,
                            max_ride, is_pickup, capacity[a], start[a], end[a],
                            shift_earliest[a], shift_latest[a], max_duration[a],
                        ) and route_feasible(
                            new_b[:lb], earliest, latest, service, travel, delta, partner,
                            max_ride, is_pickup, capacity[b], start[b], end[b],
                            shift_earliest[b], shift_latest[b], max_duration[b],
                        ):  # fmt: skip
                            best, bi, bj = gain, i, j
                if bi < 0:
                    continue
                la, lb = _exchange(routes, a, b, ma, mb, bi, bj, new_a, new_b)
                routes[a, :la] = new_a[:la]
                routes[b, :lb] = new_b[:lb]
                lens[a], lens[b] = la, lb
                costs[a] = route_cost(routes[a, :la], distance, start[a], end[a])
                costs[b] = route_cost(routes[b, :lb], distance, start[b], end[b])
                saved -= best
                improved = True
    return saved
