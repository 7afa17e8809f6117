"""An independent feasibility checker for dial-a-ride plans.

``check(instance, plan)`` trusts nothing in the plan but its routes and its list of unserved
requests: it recomputes every schedule and the cost from the instance's data alone. The rules
it enforces:

- every request is served exactly once (its pickup and its drop-off each appear once, in one
  route) or is listed in ``plan.unserved``, never both; no route visits a node that is not a
  pickup or a drop-off; there is one route per vehicle at most;
- the pickup comes before the drop-off, on the same route;
- the load on board never exceeds the vehicle's capacity, in any dimension;
- service starts inside every node's time window (a vehicle may wait before it);
- each passenger's ride time (from the end of service at the pickup to the start of service at
  the drop-off) is at most the request's ``max_ride``;
- each route leaves its start no earlier than the shift's start, is back at its end no later
  than the shift's end, and lasts at most ``max_duration`` (from leaving the start to arriving
  at the end);
- when the plan declares a cost (``plan.cost > 0``), it matches the recomputed one.

The cost is the total distance of the non-empty routes, start and end included. An empty
route means the vehicle stays at its depot: no cost, no schedule.

**Scheduling.** A route is a fixed sequence; whether service times exist for it is decided as
follows. First the eight-step procedure of Cordeau & Laporte (2003, "A tabu search heuristic
for the static multi-vehicle dial-a-ride problem"):

1. leave the start at the earliest time ``e_0``;
2. compute arrival ``A_i``, wait ``W_i``, service start ``B_i = max(e_i, A_i)`` and departure
   ``D_i`` along the route (earliest schedule);
3. compute the start's forward time slack ``F_0``: the most the departure can be delayed
   without breaking a window (or, for later nodes, the ride time of a passenger on board);
4. delay the departure by ``min(F_0, sum of waits)``, which removes needless waiting and so
   minimises the route's duration;
5. recompute the schedule;
6. compute the ride times;
7. for each pickup ``j`` in route order, compute its slack ``F_j`` (including
   ``L - P_k`` for the passengers already on board who leave at ``k >= j``), delay service at
   ``j`` by ``min(F_j, sum of waits after j)`` (which never moves the route's end), and
   recompute the schedule and the ride times after ``j``: this shortens the ride times of the
   passengers picked up at ``j`` without hurting anyone else;
8. the route is feasible when the resulting schedule breaks no constraint.

The procedure is a heuristic for the schedule (a feasible schedule may exist where it ends
with a violation, e.g. when shortening one ride lengthens another), so a route it rejects gets
an exact second test: the schedule constraints of a fixed sequence are all difference
constraints (``B_j - B_i <= c``: travel, windows, ride times, duration), and such a system has
a solution if and only if its constraint graph has no negative cycle (Bellman-Ford). Only when
that test fails too is the route declared infeasible, with the violations of the eight-step
schedule named in words. So a route is rejected only if no schedule exists.

All comparisons allow a tolerance of ``TOLERANCE`` (1e-6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opencus.routing.model import Instance, Plan, Request, Vehicle

TOLERANCE = 1e-6
INFINITY = float("inf")


@dataclass(frozen=True)
class Stop:
    """One visit in a computed schedule: arrival, wait, start of service, departure (minutes)
    and the load on board after the service."""

    node: int
    arrival: float
    wait: float
    start: float
    departure: float
    load: tuple[int, ...]


@dataclass
class CheckResult:
    """The verdict on a plan: ``feasible`` when ``violations`` is empty; ``cost`` is the
    recomputed total distance; ``schedules[k]`` the stops of vehicle ``k``'s route with its
    start and end (empty for an unused vehicle); ``ride_times`` per served request id."""

    feasible: bool
    violations: list[str]
    cost: float
    schedules: list[list[Stop]] = field(default_factory=list)
    ride_times: dict[int, float] = field(default_factory=dict)
    served: int = 0


@dataclass
class _Sequence:
    """A route with its start and end, and the numbers the scheduler needs per position."""

    nodes: list[int]
    earliest: list[float]
    latest: list[float]
    service: list[float]
    travel: list[float]  # travel[i]: from position i to i + 1
    pickup_of: dict[int, int]  # drop-off position -> pickup position
    max_ride: dict[int, float]  # drop-off position -> the request's max ride
    request_at: dict[int, Request]  # pickup or drop-off position -> request


def _sequence(instance: Instance, vehicle: Vehicle, stops: list[int]) -> _Sequence:
    nodes = [vehicle.start, *stops, vehicle.end]
    earliest = [instance.nodes[n].window.earliest for n in nodes]
    latest = [instance.nodes[n].window.latest for n in nodes]
    earliest[0] = max(earliest[0], vehicle.shift.earliest)
    latest[-1] = min(latest[-1], vehicle.shift.latest)
    service = [instance.nodes[n].service for n in nodes]
    service[-1] = 0.0
    travel = [instance.travel[a][b] for a, b in zip(nodes, nodes[1:], strict=False)]
    request_of = instance.request_of()
    position_of_pickup: dict[int, int] = {}
    pickup_of: dict[int, int] = {}
    max_ride: dict[int, float] = {}
    request_at: dict[int, Request] = {}
    for position, node in enumerate(nodes[1:-1], start=1):
        request = request_of.get(node)
        if request is None:
            continue
        request_at[position] = request
        if node == request.pickup:
            position_of_pickup[request.id] = position
        elif request.id in position_of_pickup:
            pickup_of[position] = position_of_pickup[request.id]
            max_ride[position] = request.max_ride
    return _Sequence(nodes, earliest, latest, service, travel, pickup_of, max_ride, request_at)


class _Schedule:
    """The eight-step schedule of one sequence (Cordeau & Laporte 2003)."""

    def __init__(self, seq: _Sequence) -> None:
        self.seq = seq
        size = len(seq.nodes)
        self.arrival = [0.0] * size
        self.wait = [0.0] * size
        self.start = [0.0] * size
        self.departure = [0.0] * size

    def propagate(self, after: int) -> None:
        """Recompute arrival, wait, start and departure for the positions after ``after``."""
        seq = self.seq
        for i in range(after + 1, len(seq.nodes)):
            arrival = self.departure[i - 1] + seq.travel[i - 1]
            start = max(arrival, seq.earliest[i])
            self.arrival[i], self.wait[i], self.start[i] = arrival, start - arrival, start
            self.departure[i] = start + seq.service[i]

    def ride(self, dropoff: int) -> float:
        return self.start[dropoff] - self.departure[self.seq.pickup_of[dropoff]]

    def slack(self, i: int) -> float:
        """Forward time slack at position ``i``: how far service at ``i`` can be delayed without
        breaking a later window or the ride time of a passenger on board before ``i``."""
        seq = self.seq
        best = INFINITY
        waits = 0.0
        for j in range(i, len(seq.nodes)):
            if j > i:
                waits += self.wait[j]
            room = seq.latest[j] - self.start[j]
            pickup = seq.pickup_of.get(j)
            if pickup is not None and pickup < i:
                room = min(room, seq.max_ride[j] - self.ride(j))
            best = min(best, waits + max(0.0, room))
        return best

    def waits_after(self, i: int) -> float:
        return sum(self.wait[i + 1 :])

    def run(self) -> None:
        seq = self.seq
        # Steps 1-2: the earliest schedule.
        self.arrival[0] = self.start[0] = seq.earliest[0]
        self.departure[0] = self.start[0] + seq.service[0]
        self.propagate(0)
        # Steps 3-5: delay the departure to cut waiting (the shortest duration).
        delay = min(self.slack(0), self.waits_after(0))
        if delay > 0:
            self.start[0] += delay
            self.arrival[0] = self.start[0]
            self.departure[0] = self.start[0] + seq.service[0]
            self.propagate(0)
        # Steps 6-7: delay each pickup as far as it helps its passengers' ride times.
        for j in range(1, len(seq.nodes) - 1):
            request = seq.request_at.get(j)
            if request is None or seq.nodes[j] != request.pickup:
                continue
            delay = min(self.slack(j), self.waits_after(j))
            if delay > 0:
                self.wait[j] += delay
                self.start[j] += delay
                self.departure[j] = self.start[j] + seq.service[j]
                self.propagate(j)

    def adopt(self, starts: list[float]) -> None:
        """Take the given service starts (an exact schedule) and derive the rest from them."""
        seq = self.seq
        self.start = list(starts)
        self.arrival[0], self.wait[0] = starts[0], 0.0
        self.departure = [s + d for s, d in zip(starts, seq.service, strict=True)]
        for i in range(1, len(starts)):
            self.arrival[i] = self.departure[i - 1] + seq.travel[i - 1]
            self.wait[i] = starts[i] - self.arrival[i]

    def duration(self) -> float:
        return self.start[-1] - self.departure[0]


def _exact_schedule(seq: _Sequence, vehicle: Vehicle) -> list[float] | None:
    """Whether any schedule exists for the sequence: the difference constraints
    ``B_j - B_i <= c`` have a solution iff their graph has no negative cycle (Bellman-Ford from
    a source ``s``). Upper bounds are loosened by the tolerance. Returns the start of service
    at each position of a feasible schedule (the latest one), or None when none exists."""
    size = len(seq.nodes)
    source = size
    edges: list[tuple[int, int, float]] = []  # (u, v, w): B_v - B_u <= w
    for i in range(size - 1):
        edges.append((i + 1, i, -(seq.service[i] + seq.travel[i])))
    for i in range(size):
        edges.append((i, source, -seq.earliest[i]))
        if seq.latest[i] < INFINITY:
            edges.append((source, i, seq.latest[i] + TOLERANCE))
    for dropoff, pickup in seq.pickup_of.items():
        edges.append((pickup, dropoff, seq.max_ride[dropoff] + seq.service[pickup] + TOLERANCE))
    edges.append((0, size - 1, vehicle.max_duration + seq.service[0] + TOLERANCE))
    distance = [0.0] * (size + 1)
    for _round in range(size + 1):
        changed = False
        for u, v, w in edges:
            if distance[u] + w < distance[v] - 1e-12:
                distance[v] = distance[u] + w
                changed = True
        if not changed:
            return [distance[i] - distance[source] for i in range(size)]
    return None


def route_feasible(instance: Instance, vehicle: Vehicle, stops: list[int]) -> bool:
    """Whether a route (assumed to have valid, paired stops) has a schedule meeting its windows,
    ride times, duration and shift; loads are checked too. Used by the baseline heuristic."""
    if not stops:
        return True
    seq = _sequence(instance, vehicle, stops)
    if _load_violations(instance, vehicle, seq, 0):
        return False
    schedule = _Schedule(seq)
    schedule.run()
    if not _schedule_violations(schedule, vehicle, 0):
        return True
    return _exact_schedule(seq, vehicle) is not None


def _load_violations(instance: Instance, vehicle: Vehicle, seq: _Sequence, k: int) -> list[str]:
    violations = []
    load = [0] * len(vehicle.capacity)
    for position in range(1, len(seq.nodes) - 1):
        request = seq.request_at.get(position)
        if request is None:
            continue
        sign = 1 if seq.nodes[position] == request.pickup else -1
        load = [a + sign * b for a, b in zip(load, request.load, strict=True)]
        for dimension, (on_board, capacity) in enumerate(zip(load, vehicle.capacity, strict=True)):
            if on_board > capacity:
                violations.append(
                    f"vehicle {k}: load {on_board} above capacity {capacity} in dimension "
                    f"{dimension} after node {seq.nodes[position]}"
                )
    return violations


def _schedule_violations(schedule: _Schedule, vehicle: Vehicle, k: int) -> list[str]:
    seq = schedule.seq
    violations = []
    for i, node in enumerate(seq.nodes):
        if schedule.start[i] > seq.latest[i] + TOLERANCE:
            what = "the shift's end" if i == len(seq.nodes) - 1 else "its window"
            violations.append(
                f"vehicle {k}: service at node {node} starts at {schedule.start[i]:.2f}, after "
                f"{what} closes at {seq.latest[i]:.2f}"
            )
    for dropoff, pickup in seq.pickup_of.items():
        ride = schedule.ride(dropoff)
        if ride > seq.max_ride[dropoff] + TOLERANCE:
            request = seq.request_at[dropoff]
            violations.append(
                f"vehicle {k}: request {request.id} (nodes {seq.nodes[pickup]}->"
                f"{seq.nodes[dropoff]}) rides {ride:.2f}, above its limit "
                f"{seq.max_ride[dropoff]:.2f}"
            )
    duration = schedule.duration()
    if duration > vehicle.max_duration + TOLERANCE:
        violations.append(
            f"vehicle {k}: the route lasts {duration:.2f}, above the maximum "
            f"{vehicle.max_duration:.2f}"
        )
    return violations


def check(instance: Instance, plan: Plan) -> CheckResult:
    """Check a plan against the instance (the rules are in the module docstring)."""
    violations: list[str] = []
    request_of = instance.request_of()
    if len(plan.routes) > len(instance.vehicles):
        violations.append(
            f"the plan has {len(plan.routes)} routes for {len(instance.vehicles)} vehicles"
        )
    seen: dict[int, int] = {}  # node -> vehicle index
    for k, route in enumerate(plan.routes):
        for node in route:
            if node not in request_of:
                violations.append(f"vehicle {k}: node {node} is not a pickup or a drop-off")
            elif node in seen:
                violations.append(
                    f"vehicle {k}: node {node} is visited again (already by vehicle {seen[node]})"
                )
            else:
                seen[node] = k
    served = 0
    for request in instance.requests:
        pickup_by, dropoff_by = seen.get(request.pickup), seen.get(request.dropoff)
        listed = request.id in plan.unserved
        if pickup_by is None and dropoff_by is None:
            if not listed:
                violations.append(f"request {request.id} is neither served nor listed as unserved")
            continue
        if listed:
            violations.append(f"request {request.id} is served and also listed as unserved")
        if pickup_by is None or dropoff_by is None:
            missing = "drop-off" if dropoff_by is None else "pickup"
            violations.append(f"request {request.id}: its {missing} is not visited")
        elif pickup_by != dropoff_by:
            violations.append(
                f"request {request.id}: picked up by vehicle {pickup_by} but dropped off by "
                f"vehicle {dropoff_by}"
            )
        else:
            route = plan.routes[pickup_by]
            if route.index(request.pickup) > route.index(request.dropoff):
                violations.append(
                    f"vehicle {pickup_by}: request {request.id}'s drop-off (node "
                    f"{request.dropoff}) comes before its pickup (node {request.pickup})"
                )
            else:
                served += 1
    known = {request.id for request in instance.requests}
    for request_id in plan.unserved:
        if request_id not in known:
            violations.append(f"unserved request {request_id} is not in the instance")

    cost = 0.0
    schedules: list[list[Stop]] = []
    ride_times: dict[int, float] = {}
    for k, route in enumerate(plan.routes[: len(instance.vehicles)]):
        vehicle = instance.vehicles[k]
        stops = [node for node in route if node in request_of]
        if not stops:
            schedules.append([])
            continue
        seq = _sequence(instance, vehicle, stops)
        cost += sum(instance.distance[a][b] for a, b in zip(seq.nodes, seq.nodes[1:], strict=False))
        violations.extend(_load_violations(instance, vehicle, seq, k))
        schedule = _Schedule(seq)
        schedule.run()
        route_violations = _schedule_violations(schedule, vehicle, k)
        if route_violations:
            exact = _exact_schedule(seq, vehicle)
            if exact is not None:  # the eight-step schedule missed one that exists
                schedule.adopt(exact)
                route_violations = []
        violations.extend(route_violations)
        load = [0] * len(vehicle.capacity)
        stops_out = []
        for i, node in enumerate(seq.nodes):
            visited = seq.request_at.get(i)
            if visited is not None:
                sign = 1 if node == visited.pickup else -1
                load = [a + sign * b for a, b in zip(load, visited.load, strict=True)]
            stops_out.append(
                Stop(
                    node,
                    schedule.arrival[i],
                    schedule.wait[i],
                    schedule.start[i],
                    schedule.departure[i],
                    tuple(load),
                )
            )
        schedules.append(stops_out)
        for dropoff in seq.pickup_of:
            ride_times[seq.request_at[dropoff].id] = schedule.ride(dropoff)
    if plan.cost > 0 and abs(plan.cost - cost) > TOLERANCE * max(1.0, cost):
        violations.append(f"the plan declares cost {plan.cost:.6f}, recomputed {cost:.6f}")
    return CheckResult(
        feasible=not violations,
        violations=violations,
        cost=cost,
        schedules=schedules,
        ride_times=ride_times,
        served=served,
    )
