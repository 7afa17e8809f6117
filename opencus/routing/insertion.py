"""Fast insertion: where one new request fits into a day's current plan, without re-solving,
and the pickup windows a booking clerk can promise on the phone.

**Options.** For every vehicle, every pair of positions (pickup, drop-off) that passes the
kernel's cheap filters and then its exact schedule check (:func:`kernel.path_feasible`, the
check the solver uses) is an :class:`Option`. Each option carries the interval of feasible
service starts at the pickup: for a fixed sequence the schedule constraints (travel, windows,
ride times, shift, route duration) are difference constraints ``B_v - B_u <= w``, so the
feasible schedules form a convex set and the pickup's feasible starts are an interval, computed
exactly as two shortest-path distances (Bellman-Ford) in the constraint graph. Both ends are
then confirmed with the kernel, pickup pinned there: the kernel's schedule is a heuristic
(Cordeau & Laporte's eight steps) and sometimes needs an end moved inwards by a few hundredths
of a minute (steps of ``PRECISION``, doubling); should that fail, the interval comes from a
bisection on the kernel check. So an option's ``earliest`` and ``latest`` are pickup starts the
solver's own check accepts, and the whole interval between them is feasible (convexity).

**Promised windows.** The passenger is promised a pickup window ``[start, start + width]``
(e.g. 08:00–08:30) and the vehicle starts service at the pickup inside it (it may arrive
earlier and wait; the passenger is ready from ``start``). Once booked, the request's pickup
window in the instance *is* the promise, ``Window(start, start + width)``, so the solver's
later re-optimisation keeps it like any other window. A promise is therefore servable by an
insertion exactly when some feasible schedule of that insertion starts the pickup inside the
promise: the insertion's interval ``[earliest, latest]`` meets ``[start, start + width]``
(``start <= latest`` and ``start + width >= earliest``). Requiring every minute of the promise
to be feasible would hide good offers without making the promise any safer: what binds the
future plans is the window written into the instance, not the current schedule.

What the passenger accepts is the new request's own windows:

- *pick up around a time*: the pickup window is the desired time ± the tolerance; every
  promise lies inside it (``start >= earliest`` and ``start + width <= latest``). The drop-off
  window is usually open; the ride-time limit bounds the arrival.
- *arrive by an appointment*: the drop-off window is the constraint (``[A - 30, A]``, or
  ``[0, A]`` as the transport adapter writes it) and the pickup window is free (open, or the
  whole day); the promise is still a pickup window, and every promised window keeps the
  arrival inside the drop-off window whatever pickup time inside the promise the plan ends up
  using.

Promises start on a grid of ``step`` minutes counted from the day's origin (minute 0, usually
midnight: 08:00, 08:15, …); when no grid point is servable but some promise is, the servable
starts are offered rounded up to the whole minute. Each offered window names the cheapest
insertion (vehicle and positions) that serves it, and that insertion is confirmed once more
with the kernel with the pickup window set to the promise itself. Offers are sorted by how
close the promise's middle is to the desired pickup time (given, or: the middle of the pickup
window for a pick-up-around request; for an arrive-by request, the time to leave on the direct
ride so as to arrive ``ARRIVAL_MARGIN`` = 15 minutes, at most half the drop-off window, before
it closes), then earlier first, then cheaper. ``vehicles`` restricts the answer to some
vehicles (e.g. a booking pinned to one).

**Why not.** When nothing can be offered, :class:`Answer` lists the reasons as short stable
codes the app translates (:data:`REASONS`): ``no_vehicle``, ``capacity`` (with the load
dimension no vehicle can carry, e.g. 1 = wheelchair places in the app's convention),
``ride_time`` (the direct ride alone exceeds the maximum ride time), ``window_conflict`` (the
request's own windows cannot be met even by a direct ride), ``outside_shifts`` (no vehicle
that fits the load can serve it alone within its shift and route duration), ``fully_booked``
(an empty vehicle could, but none has room among the rides already planned) and
``window_too_narrow`` (the acceptable pickup window is shorter than the promised width).

**Speed.** :class:`PreparedDay` is built once per day and plan version (it holds the kernel's
arrays, with two spare node slots). A new request's two places go into the spare slots with
their travel times and distances to the day's nodes (:class:`Legs`, computed with haversine ×
detour by :meth:`PreparedDay.haversine_legs`, or from an OSRM table by the app with
:meth:`Legs.from_matrices`), so an answer costs one compiled pass over the vehicles' routes.
Call :func:`warm_up` once per process (the app at start-up) so the one-off compilation never
lands on a clerk's query.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from numba import njit

from . import kernel
from .model import HORIZON, Instance, Node, Plan, Request, Route, Window
from .travel import DEFAULT_DETOUR, DEFAULT_SPEED_KMH, EARTH_RADIUS_KM, Point

#: The precision of the bisection fallback for pickup intervals, in minutes.
PRECISION = 0.01
#: An open window is reported as at most this long (minutes after its earliest time).
HORIZON_CAP = 2880.0
#: Tolerance of the upper bounds in the exact interval (as the kernel's).
EPS = 1e-7
#: For an "arrive by" request, the desired arrival is this many minutes before the drop-off
#: window closes (at most half the window).
ARRIVAL_MARGIN = 15.0

#: The reason codes of :class:`Reason`, with what they mean (English, for logs and the app's
#: translators).
REASONS = {
    "no_vehicle": "there is no vehicle in the day's plan",
    "capacity": "no vehicle can carry the load in this dimension (e.g. no wheelchair place)",
    "ride_time": "the direct ride alone is longer than the maximum ride time",
    "window_conflict": "the request's windows cannot be met even by a direct ride",
    "outside_shifts": "no vehicle can serve the ride within its shift and route duration",
    "fully_booked": "no vehicle has room for it alongside the rides already planned",
    "window_too_narrow": "the acceptable pickup window is shorter than the promised window",
}


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


@dataclass(frozen=True)
class Offer:
    """A pickup window the clerk may promise: the vehicle starts service at the pickup within
    ``[start, end]`` (``end = start + width``), on ``vehicle`` with the insertion at
    ``pickup_position`` / ``dropoff_position`` (as in :class:`Option`), adding ``added_cost``.
    ``earliest``/``latest``: the feasible pickup starts of that insertion inside the promise
    (today's plan; a later re-optimisation may move the pickup anywhere in the promise)."""

    start: float
    end: float
    vehicle: int
    pickup_position: int
    dropoff_position: int
    added_cost: float
    earliest: float
    latest: float

    def route(self, plan: Plan, request: Request) -> Route:
        """The offer's vehicle's new route: its route in ``plan`` with ``request`` inserted."""
        route = plan.routes[self.vehicle] if self.vehicle < len(plan.routes) else []
        i, j = self.pickup_position, self.dropoff_position
        return [*route[:i], request.pickup, *route[i:j], request.dropoff, *route[j:]]

    def window(self) -> Window:
        """The pickup window to write into the instance once the ride is booked."""
        return Window(self.start, self.end)


@dataclass(frozen=True)
class Reason:
    """Why a request cannot be served: ``code`` (one of :data:`REASONS`), an English
    ``message`` for logs, and for ``capacity`` the load ``dimension`` concerned (``None`` when
    every dimension fits some vehicle but no vehicle fits all of them)."""

    code: str
    message: str
    dimension: int | None = None


@dataclass(frozen=True)
class Answer:
    """The clerk's answer: the windows that can be promised, closest to the desired time first,
    and, when there are none, the reasons. ``desired`` is the pickup time they are sorted by."""

    offers: list[Offer]
    reasons: list[Reason] = field(default_factory=list)
    desired: float = 0.0

    @property
    def servable(self) -> bool:
        return bool(self.offers)


@dataclass(frozen=True)
class Legs:
    """Travel between a new request's two places and the day: ``travel_out[k][i]`` minutes
    from new place ``k`` (0 the pickup, 1 the drop-off) to node ``i`` and ``travel_in[k][i]``
    from node ``i`` to new place ``k``, for ``i`` over the day's nodes followed by the two new
    places (so ``travel_out[0][size + 1]`` is the direct ride, ``size`` being
    ``len(instance.nodes)``); ``distance_out`` and ``distance_in`` likewise (the cost)."""

    travel_out: Any
    travel_in: Any
    distance_out: Any
    distance_in: Any

    @classmethod
    def from_matrices(cls, travel: Any, distance: Any) -> Legs:
        """The legs from full matrices over the day's places followed by the two new ones
        (e.g. one OSRM table of ``points + [origin, destination]``: ``travel.matrices``)."""
        t, km = np.asarray(travel, dtype=np.float64), np.asarray(distance, dtype=np.float64)
        if t.ndim != 2 or t.shape[0] != t.shape[1] or t.shape != km.shape or t.shape[0] < 2:
            raise ValueError("the matrices must be square, of the same size, with the new places")
        return cls(t[-2:, :], t[:, -2:].T, km[-2:, :], km[:, -2:].T)


# -- compiled ---------------------------------------------------------------------------------


@njit(cache=True)
def _shortest(count, source, eu, ev, ew, m):
    """Bellman-Ford distances from ``source`` over the first ``m`` edges ``eu -> ev``
    (weight ``ew``); ``ok`` is False when a negative cycle is reachable."""
    dist = np.full(count, np.inf)
    dist[source] = 0.0
    for _round in range(count + 1):
        changed = False
        for k in range(m):
            du = dist[eu[k]]
            if du < np.inf:
                value = du + ew[k]
                if value < dist[ev[k]] - 1e-12:
                    dist[ev[k]] = value
                    changed = True
        if not changed:
            return dist, True
    return dist, False


@njit(cache=True)
def _interval(
    path,
    n,
    at,
    earliest,
    latest,
    service,
    travel,
    partner,
    max_ride,
    is_pickup,
    shift_earliest,
    shift_latest,
    max_duration,
):
    """The exact interval of feasible service starts at position ``at`` of ``path`` (the
    difference constraints of the schedule, as in the checker): ``(low, high, ok)``, ``ok``
    False when the path has no schedule."""
    source = n
    size = 4 * n + 2
    eu = np.empty(size, dtype=np.int64)
    ev = np.empty(size, dtype=np.int64)
    ew = np.empty(size)
    pos = np.full(earliest.shape[0], -1, dtype=np.int64)
    m = 0
    for k in range(n):
        node = path[k]
        if 0 < k < n - 1:
            pos[node] = k
        early = earliest[node]
        late = latest[node]
        if k == 0:
            early = shift_earliest
            late = min(late, shift_latest)
        elif k == n - 1:
            late = min(late, shift_latest)
        # B_k <= late (source -> k) and B_k >= early (k -> source).
        eu[m], ev[m], ew[m] = source, k, late + EPS
        m += 1
        eu[m], ev[m], ew[m] = k, source, -early
        m += 1
    for k in range(n - 1, 0, -1):
        # B_k >= B_{k-1} + service + travel.
        eu[m], ev[m] = k, k - 1
        ew[m] = -(service[path[k - 1]] + travel[path[k - 1], path[k]])
        m += 1
    for k in range(1, n - 1):
        node = path[k]
        if is_pickup[node] == 0 and max_ride[node] < kernel.INF / 2:
            j = pos[partner[node]]
            eu[m], ev[m], ew[m] = j, k, max_ride[node] + service[path[j]] + EPS
            m += 1
    if max_duration < kernel.INF / 2:
        eu[m], ev[m], ew[m] = 0, n - 1, max_duration + service[path[0]] + EPS
        m += 1
    forward, ok = _shortest(n + 1, source, eu, ev, ew, m)
    if not ok:
        return 1.0, 0.0, False
    backward, ok = _shortest(n + 1, source, ev, eu, ew, m)
    if not ok:
        return 1.0, 0.0, False
    return -backward[at], forward[at], True


@njit(cache=True)
def _pinned(
    path,
    n,
    p,
    low,
    high,
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
    """The kernel's check of ``path`` with node ``p``'s window narrowed to ``[low, high]``."""
    keep_early, keep_late = earliest[p], latest[p]
    earliest[p], latest[p] = low, high
    ok = kernel.path_feasible(
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
    )
    earliest[p], latest[p] = keep_early, keep_late
    return ok


@njit(cache=True)
def _inward(
    path,
    n,
    p,
    value,
    other,
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
    """The first pickup start from ``value`` towards ``other`` (steps of PRECISION, doubling)
    that the kernel accepts pinned: ``(start, found)``. The exact interval's ends sometimes
    lie a few hundredths of a minute beyond what the kernel's heuristic schedule reaches."""
    direction = 1.0 if other >= value else -1.0
    step = 0.0
    for _ in range(24):
        x = value + direction * step
        if direction * (x - other) > 0:
            return value, False
        if _pinned(
            path,
            n,
            p,
            x,
            x,
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
            return x, True
        step = PRECISION if step == 0.0 else 2 * step
    return value, False


@njit(cache=True)
def _bisect(
    path,
    n,
    p,
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
    """The interval of pickup starts by bisection on the kernel check (the fallback when the
    kernel's heuristic schedule disagrees with the exact interval at an end): both ends are
    kernel-feasible when pinned, or ``low > high`` when no pinned start passed."""
    low0 = earliest[p]
    high0 = min(latest[p], shift_latest, low0 + HORIZON_CAP)
    # The latest start: [x, latest] feasible while x <= the answer.
    a, b = low0, high0
    if _pinned(
        path,
        n,
        p,
        b,
        latest[p],
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
        a = b
    while b - a > PRECISION:
        mid = (a + b) / 2
        if _pinned(
            path,
            n,
            p,
            mid,
            latest[p],
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
            a = mid
        else:
            b = mid
    top = a
    # The earliest start: [earliest, x] feasible while x >= the answer.
    a, b = low0, top
    if _pinned(
        path,
        n,
        p,
        earliest[p],
        a,
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
        b = a
    while b - a > PRECISION:
        mid = (a + b) / 2
        if _pinned(
            path,
            n,
            p,
            earliest[p],
            mid,
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
            b = mid
        else:
            a = mid
    bottom = b
    # Shrink inwards until both ends pass pinned (convexity of the true set makes this safe).
    for _ in range(64):
        if bottom > top:
            break
        if _pinned(
            path,
            n,
            p,
            bottom,
            bottom,
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
            break
        bottom += PRECISION
    for _ in range(64):
        if top < bottom:
            break
        if _pinned(
            path,
            n,
            p,
            top,
            top,
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
            break
        top -= PRECISION
    return bottom, top


@njit(cache=True)
def _options(
    flat,
    offsets,
    p,
    d,
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
    allowed,
):
    """Every kernel-feasible insertion of ``(p, d)`` into the route of every vehicle ``v``
    with ``allowed[v]`` (``flat`` routes, vehicle ``v``'s at ``flat[offsets[v]:offsets[v + 1]]``):
    arrays of vehicle, positions, added cost and the interval of pickup starts."""
    vehicles = start.shape[0]
    total = 0
    for v in range(vehicles):
        m = offsets[v + 1] - offsets[v]
        total += (m + 1) * (m + 2) // 2
    out_v = np.empty(total, dtype=np.int64)
    out_i = np.empty(total, dtype=np.int64)
    out_j = np.empty(total, dtype=np.int64)
    out_cost = np.empty(total)
    out_low = np.empty(total)
    out_high = np.empty(total)
    count = 0
    for v in range(vehicles):
        if allowed[v] == 0:
            continue
        route = flat[offsets[v] : offsets[v + 1]].copy()
        m = route.shape[0]
        cap = capacity[v]
        costs, ii, jj = kernel.candidates(
            route,
            p,
            d,
            kernel.INF,
            distance,
            earliest,
            latest,
            service,
            travel,
            delta,
            max_ride,
            cap,
            start[v],
            end[v],
            shift_earliest[v],
            shift_latest[v],
        )
        for c in range(costs.shape[0]):
            path = kernel.build(route, p, d, ii[c], jj[c], start[v], end[v])
            if not kernel.path_feasible(
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
                cap,
                shift_earliest[v],
                shift_latest[v],
                max_duration[v],
            ):
                continue
            low, high, ok = _interval(
                path,
                m + 4,
                ii[c] + 1,
                earliest,
                latest,
                service,
                travel,
                partner,
                max_ride,
                is_pickup,
                shift_earliest[v],
                shift_latest[v],
                max_duration[v],
            )
            if ok:
                low = max(low, earliest[p])
                high = min(high, latest[p], low + HORIZON_CAP)
            if ok and low <= high:
                low, found_low = _inward(
                    path,
                    m + 4,
                    p,
                    low,
                    high,
                    earliest,
                    latest,
                    service,
                    travel,
                    delta,
                    partner,
                    max_ride,
                    is_pickup,
                    cap,
                    shift_earliest[v],
                    shift_latest[v],
                    max_duration[v],
                )
                high, found_high = _inward(
                    path,
                    m + 4,
                    p,
                    high,
                    low,
                    earliest,
                    latest,
                    service,
                    travel,
                    delta,
                    partner,
                    max_ride,
                    is_pickup,
                    cap,
                    shift_earliest[v],
                    shift_latest[v],
                    max_duration[v],
                )
                ok = found_low and found_high
            if not ok:
                low, high = _bisect(
                    path,
                    m + 4,
                    p,
                    earliest,
                    latest,
                    service,
                    travel,
                    delta,
                    partner,
                    max_ride,
                    is_pickup,
                    cap,
                    shift_earliest[v],
                    shift_latest[v],
                    max_duration[v],
                )
                if low > high:
                    continue
            out_v[count] = v
            out_i[count] = ii[c]
            out_j[count] = jj[c]
            out_cost[count] = costs[c]
            out_low[count] = low
            out_high[count] = high
            count += 1
    return (
        out_v[:count],
        out_i[:count],
        out_j[:count],
        out_cost[:count],
        out_low[:count],
        out_high[:count],
    )


# -- the prepared day -------------------------------------------------------------------------


class PreparedDay:
    """A day's instance and current plan, prepared once for many booking questions.

    ``detour`` and ``speed_kmh`` are those the instance's matrices were built with, for
    :meth:`haversine_legs`; geographic nodes hold ``x`` = longitude and ``y`` = latitude in
    degrees (as ``opencus.transport.adapter`` builds them).

    The plan must not serve the request asked about. Build a new ``PreparedDay`` when the plan
    or the instance changes (a booking, a cancellation, a re-optimisation): it costs a few
    milliseconds for a day of a hundred rides. A ``PreparedDay`` is not thread-safe (the new
    request's slots and the pinned checks write into its arrays): one per thread, or behind a
    lock.
    """

    def __init__(
        self,
        instance: Instance,
        plan: Plan,
        *,
        detour: float = DEFAULT_DETOUR,
        speed_kmh: float = DEFAULT_SPEED_KMH,
    ) -> None:
        self.instance = instance
        self.plan = plan
        self.detour = detour
        self.speed_kmh = speed_kmh
        size = len(instance.nodes)
        self.size = size
        arrays = kernel.Arrays(instance)
        spare = size + 2
        self.earliest = np.zeros(spare)
        self.earliest[:size] = arrays.earliest
        self.latest = np.full(spare, HORIZON)
        self.latest[:size] = arrays.latest
        self.service = np.zeros(spare)
        self.service[:size] = arrays.service
        self.travel = np.zeros((spare, spare))
        self.travel[:size, :size] = arrays.travel
        self.distance = np.zeros((spare, spare))
        self.distance[:size, :size] = arrays.distance
        dims = arrays.delta.shape[1]
        self.delta = np.zeros((spare, dims), dtype=np.int64)
        self.delta[:size] = arrays.delta
        self.partner = np.full(spare, -1, dtype=np.int64)
        self.partner[:size] = arrays.partner
        self.max_ride = np.full(spare, kernel.INF)
        self.max_ride[:size] = arrays.max_ride
        self.is_pickup = np.zeros(spare, dtype=np.int64)
        self.is_pickup[:size] = arrays.is_pickup
        self.arrays = arrays
        self.capacity = arrays.capacity
        self.start = arrays.start
        self.end = arrays.end
        self.shift_earliest = arrays.shift_earliest
        self.shift_latest = arrays.shift_latest
        self.max_duration = arrays.max_duration
        routes = [
            plan.routes[v] if v < len(plan.routes) else [] for v in range(len(instance.vehicles))
        ]
        self.routes = routes
        self.flat = np.array([node for route in routes for node in route], dtype=np.int64)
        self.offsets = np.cumsum([0, *[len(route) for route in routes]]).astype(np.int64)
        self.planned = set(self.flat.tolist())
        self.lat = np.radians(np.array([node.y for node in instance.nodes], dtype=np.float64))
        self.lon = np.radians(np.array([node.x for node in instance.nodes], dtype=np.float64))

    # -- a new request --------------------------------------------------------------------

    def haversine_legs(self, pickup: Point, dropoff: Point) -> Legs:
        """:class:`Legs` for two new places (latitude, longitude in degrees) as
        :func:`travel.haversine_matrices` computes them: great circle × detour at the speed."""
        lat = np.concatenate([self.lat, np.radians([pickup[0], dropoff[0]])])
        lon = np.concatenate([self.lon, np.radians([pickup[1], dropoff[1]])])
        new_lat, new_lon = lat[-2:, None], lon[-2:, None]
        h = (
            np.sin((lat[None, :] - new_lat) / 2) ** 2
            + np.cos(new_lat) * np.cos(lat[None, :]) * np.sin((lon[None, :] - new_lon) / 2) ** 2
        )
        out = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))) * self.detour
        h = (
            np.sin((new_lat - lat[None, :]) / 2) ** 2
            + np.cos(lat[None, :]) * np.cos(new_lat) * np.sin((new_lon - lon[None, :]) / 2) ** 2
        )
        into = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h))) * self.detour
        minutes = 60.0 / self.speed_kmh
        return Legs(out * minutes, into * minutes, out, into)

    def new_request(
        self,
        pickup: Node,
        dropoff: Node,
        load: Sequence[int],
        max_ride: float = HORIZON,
        *,
        legs: Legs | None = None,
    ) -> Request:
        """Put a new request's two places into the day's spare slots (replacing the previous
        new request) and return it as a :class:`Request` with id ``-1`` and the node ids
        ``size`` and ``size + 1``. ``pickup`` and ``dropoff`` give the places (``x`` longitude,
        ``y`` latitude), the service durations and the windows (their ids are ignored); ``legs``
        the travel to and from the day's nodes, by default :meth:`haversine_legs` of their
        coordinates (pass legs from OSRM when the day's matrices came from OSRM)."""
        if legs is None:
            legs = self.haversine_legs((pickup.y, pickup.x), (dropoff.y, dropoff.x))
        size = self.size
        dims = self.delta.shape[1]
        if len(load) != dims:
            raise ValueError(f"the load has {len(load)} dimensions, the vehicles {dims}")
        slots = (size, size + 1)
        for k, node in enumerate((pickup, dropoff)):
            slot = slots[k]
            self.travel[slot, :] = np.asarray(legs.travel_out[k], dtype=np.float64)
            self.travel[:, slot] = np.asarray(legs.travel_in[k], dtype=np.float64)
            self.distance[slot, :] = np.asarray(legs.distance_out[k], dtype=np.float64)
            self.distance[:, slot] = np.asarray(legs.distance_in[k], dtype=np.float64)
            self.earliest[slot] = node.window.earliest
            self.latest[slot] = node.window.latest
            self.service[slot] = node.service
            self.max_ride[slot] = max_ride
        self.travel[size, size] = self.travel[size + 1, size + 1] = 0.0
        self.distance[size, size] = self.distance[size + 1, size + 1] = 0.0
        self.delta[size] = np.asarray(load, dtype=np.int64)
        self.delta[size + 1] = -np.asarray(load, dtype=np.int64)
        self.partner[size], self.partner[size + 1] = size + 1, size
        self.is_pickup[size], self.is_pickup[size + 1] = 1, 0
        return Request(-1, size, size + 1, tuple(int(x) for x in load), max_ride)

    def _nodes(self, request: Request) -> tuple[int, int]:
        p, d = request.pickup, request.dropoff
        if not (0 <= p < self.size + 2 and 0 <= d < self.size + 2) or p == d:
            raise ValueError("the request's nodes are not in the day")
        if p in self.planned or d in self.planned:
            raise ValueError(f"request {request.id} is already in the plan")
        return p, d

    # -- answers ---------------------------------------------------------------------------

    def _allowed(self, vehicles: Collection[int] | None) -> np.ndarray:
        allowed = np.ones(len(self.start), dtype=np.int64)
        if vehicles is not None:
            allowed[:] = 0
            for v in vehicles:
                if not 0 <= v < len(allowed):
                    raise ValueError(f"vehicle {v} is not in the day")
                allowed[v] = 1
        return allowed

    def options(self, request: Request, *, vehicles: Collection[int] | None = None) -> list[Option]:
        """Every feasible insertion of ``request`` into the plan (on ``vehicles``, by index,
        when given), cheapest first."""
        p, d = self._nodes(request)
        v, i, j, cost, low, high = cast(Any, _options)(
            self.flat,
            self.offsets,
            p,
            d,
            self.distance,
            self.earliest,
            self.latest,
            self.service,
            self.travel,
            self.delta,
            self.partner,
            self.max_ride,
            self.is_pickup,
            self.capacity,
            self.start,
            self.end,
            self.shift_earliest,
            self.shift_latest,
            self.max_duration,
            self._allowed(vehicles),
        )
        options = [
            Option(int(a), int(b), int(c), float(e), float(f), float(g))
            for a, b, c, e, f, g in zip(
                v.tolist(),
                i.tolist(),
                j.tolist(),
                cost.tolist(),
                low.tolist(),
                high.tolist(),
                strict=True,
            )
        ]
        options.sort(key=lambda o: (o.added_cost, o.vehicle, o.pickup_position, o.dropoff_position))
        return options

    def desired(self, request: Request) -> float:
        """The pickup time the offers are sorted by when none is given: the middle of the
        pickup window when it is bounded and no wider than the drop-off window (pick up around
        a time); otherwise (arrive by) the time to leave on the direct ride to arrive
        ``ARRIVAL_MARGIN`` minutes (at most half the drop-off window) before the drop-off
        window closes; with both open, the pickup window's start."""
        p, d = request.pickup, request.dropoff
        ep, lp = float(self.earliest[p]), float(self.latest[p])
        ed, ld = float(self.earliest[d]), float(self.latest[d])
        pickup_open, dropoff_open = lp >= HORIZON / 2, ld >= HORIZON / 2
        if not pickup_open and (dropoff_open or lp - ep <= ld - ed):
            return (ep + lp) / 2
        if not dropoff_open:
            margin = min(ARRIVAL_MARGIN, (ld - ed) / 2)
            return ld - margin - float(self.service[p]) - float(self.travel[p, d])
        return ep

    def reasons(
        self,
        request: Request,
        *,
        vehicles: Collection[int] | None = None,
        options: list[Option] | None = None,
    ) -> list[Reason]:
        """Why ``request`` cannot be served (on ``vehicles`` when given): the first failing
        test of :data:`REASONS` in its order; empty when it can be inserted somewhere."""
        p, d = self._nodes(request)
        allowed = self._allowed(vehicles)
        usable = [v for v in range(len(allowed)) if allowed[v]]
        if not usable:
            return [Reason("no_vehicle", REASONS["no_vehicle"])]
        load = self.delta[p]
        fits = [v for v in usable if bool(np.all(load <= self.capacity[v]))]
        if not fits:
            top = self.capacity[usable].max(axis=0)
            reasons = [
                Reason(
                    "capacity",
                    f"no vehicle has {int(load[dim])} places in dimension {dim} "
                    f"(the most is {int(top[dim])})",
                    dim,
                )
                for dim in range(len(load))
                if load[dim] > top[dim]
            ]
            return reasons or [
                Reason("capacity", "no single vehicle has room for the whole load", None)
            ]
        travel, service = self.travel, self.service
        direct = float(travel[p, d])
        if direct > float(self.max_ride[p]) + EPS:
            return [
                Reason(
                    "ride_time",
                    f"the direct ride ({direct:.1f} min) is longer than the maximum ride time "
                    f"({float(self.max_ride[p]):.1f} min)",
                )
            ]
        ep, lp = float(self.earliest[p]), float(self.latest[p])
        ed, ld = float(self.earliest[d]), float(self.latest[d])
        if ep + float(service[p]) + direct > ld + EPS or (
            lp + float(service[p]) + float(self.max_ride[p]) < ed - EPS
        ):
            return [
                Reason(
                    "window_conflict",
                    "the drop-off window cannot be met from the pickup window by a direct ride",
                )
            ]
        alone = np.array([p, d], dtype=np.int64)
        if not any(
            kernel.route_feasible(
                alone,
                self.earliest,
                self.latest,
                self.service,
                self.travel,
                self.delta,
                self.partner,
                self.max_ride,
                self.is_pickup,
                self.capacity[v],
                int(self.start[v]),
                int(self.end[v]),
                float(self.shift_earliest[v]),
                float(self.shift_latest[v]),
                float(self.max_duration[v]),
            )
            for v in fits
        ):
            return [Reason("outside_shifts", REASONS["outside_shifts"])]
        if options is None:
            options = self.options(request, vehicles=vehicles)
        if not options:
            return [Reason("fully_booked", REASONS["fully_booked"])]
        return []

    def windows(
        self,
        request: Request,
        *,
        width: float = 30.0,
        step: float = 15.0,
        limit: int | None = 8,
        desired: float | None = None,
        vehicles: Collection[int] | None = None,
    ) -> Answer:
        """The pickup windows of ``width`` minutes that can be promised for ``request``
        (semantics in the module docstring), closest to ``desired`` first, at most ``limit``
        (``None``: all), on ``vehicles`` (indices) when given; with the reasons when there are
        none."""
        if width < 0 or step <= 0 or (limit is not None and limit < 1):
            raise ValueError("the width must not be negative, the step and the limit positive")
        p, _d = self._nodes(request)
        want = self.desired(request) if desired is None else float(desired)
        options = self.options(request, vehicles=vehicles)
        if not options:
            return Answer([], self.reasons(request, vehicles=vehicles, options=options), want)
        a, b = float(self.earliest[p]), float(self.latest[p])
        if b - a < width - 1e-9:
            reason = Reason(
                "window_too_narrow",
                f"the pickup window ({b - a:.0f} min) is shorter than the promise "
                f"({width:.0f} min)",
            )
            return Answer([], [reason], want)
        low = np.array([o.earliest for o in options])
        high = np.array([o.latest for o in options])
        cost = np.array([o.added_cost for o in options])
        # Promise starts each option serves: [max(a, low - width), min(high, b - width)].
        first = np.maximum(a, low - width)
        last = np.minimum(high, b - width)
        usable = first <= last + 1e-9
        if not usable.any():  # pragma: no cover - impossible when b - a >= width
            return Answer([], [Reason("fully_booked", REASONS["fully_booked"])], want)
        lo, hi = float(first[usable].min()), float(last[usable].max())
        grid = np.arange(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1) * step
        covers = (grid[:, None] >= first[None, :] - 1e-9) & (grid[:, None] <= last[None, :] + 1e-9)
        starts = grid[covers.any(axis=1)]
        if starts.size == 0:
            rounded = np.where(np.ceil(first - 1e-9) <= last + 1e-9, np.ceil(first - 1e-9), first)
            starts = np.unique(rounded[usable])
            covers = (starts[:, None] >= first[None, :] - 1e-9) & (
                starts[:, None] <= last[None, :] + 1e-9
            )
        else:
            covers = covers[covers.any(axis=1)]
        order = np.lexsort((starts, np.abs(starts + width / 2 - want)))
        offers: list[Offer] = []
        for g in order.tolist():
            s = float(starts[g])
            for o in np.flatnonzero(covers[g])[np.argsort(cost[covers[g]], kind="stable")]:
                option = options[int(o)]
                if self._promise_ok(request, option, s, s + width):
                    offers.append(
                        Offer(
                            s,
                            s + width,
                            option.vehicle,
                            option.pickup_position,
                            option.dropoff_position,
                            option.added_cost,
                            max(s, option.earliest),
                            min(s + width, option.latest),
                        )
                    )
                    break
            if limit is not None and len(offers) >= limit:
                break
        if not offers:  # pragma: no cover - the kernel rejected every promise
            return Answer([], [Reason("fully_booked", REASONS["fully_booked"])], want)
        return Answer(offers, [], want)

    def _promise_ok(self, request: Request, option: Option, low: float, high: float) -> bool:
        """The kernel's check of the option with the pickup window set to ``[low, high]``."""
        v = option.vehicle
        route = np.array(self.routes[v], dtype=np.int64)
        p, d = request.pickup, request.dropoff
        path = kernel.build(
            route,
            p,
            d,
            option.pickup_position,
            option.dropoff_position,
            int(self.start[v]),
            int(self.end[v]),
        )
        return bool(
            cast(Any, _pinned)(
                path,
                path.shape[0],
                p,
                low,
                high,
                self.earliest,
                self.latest,
                self.service,
                self.travel,
                self.delta,
                self.partner,
                self.max_ride,
                self.is_pickup,
                self.capacity[v],
                float(self.shift_earliest[v]),
                float(self.shift_latest[v]),
                float(self.max_duration[v]),
            )
        )


# -- the one-call forms -----------------------------------------------------------------------


def insertion_options(instance: Instance, plan: Plan, request: Request) -> list[Option]:
    """Every feasible insertion of ``request`` (whose nodes are in ``instance`` but not in
    ``plan``) into ``plan``, cheapest first. Builds a :class:`PreparedDay` each call: for many
    questions on one day, build the ``PreparedDay`` once."""
    return PreparedDay(instance, plan).options(request)


def pickup_windows(
    instance: Instance,
    plan: Plan,
    request: Request,
    *,
    width: float = 30.0,
    step: float = 15.0,
    limit: int | None = 8,
    desired: float | None = None,
    vehicles: Collection[int] | None = None,
) -> Answer:
    """:meth:`PreparedDay.windows` for a request of ``instance`` not yet in ``plan``."""
    return PreparedDay(instance, plan).windows(
        request, width=width, step=step, limit=limit, desired=desired, vehicles=vehicles
    )


_warm = False


def warm_up() -> None:
    """Compile (or load from numba's cache) this module's functions on a tiny day, once per
    process, so that no clerk's question pays for the compilation."""
    global _warm
    if _warm:
        return
    from .model import Vehicle

    nodes = [Node(i, float(x), 0.0) for i, x in enumerate([0, 1, 2, 3, 4])]
    travel = [[abs(a.x - b.x) for b in nodes] for a in nodes]
    instance = Instance(
        "warm-up",
        nodes,
        [Request(0, 1, 2, (1,), 10.0), Request(1, 3, 4, (1,), 10.0)],
        [Vehicle(0, (1,), 0, 0, Window(0.0, 100.0), 90.0)],
        travel,
        [row[:] for row in travel],
    )
    day = PreparedDay(instance, Plan(routes=[[1, 2]]))
    day.windows(instance.requests[1], width=5.0, step=5.0)
    day.reasons(instance.requests[1])
    new = day.new_request(Node(-1, 1.5, 0.0), Node(-1, 2.5, 0.0), (1,), 10.0, legs=_line_legs(day))
    day.windows(new, width=5.0, step=5.0)
    _warm = True


def _line_legs(day: PreparedDay) -> Legs:
    xs = np.array([node.x for node in day.instance.nodes] + [1.5, 2.5])
    out = np.abs(xs[-2:, None] - xs[None, :])
    return Legs(out, out, out, out)
