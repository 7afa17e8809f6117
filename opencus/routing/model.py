"""The dial-a-ride instance model: plain data, no Django, shared by the readers, the solver, the
checker and the apps that adapt database rows to it.

Nodes are numbered as in the Cordeau format so that benchmark routes read the same way:

- ``0 .. len(depots) - 1`` are not used as stops; every vehicle names its own start and end
  node (usually one depot node shared by all vehicles);
- each request ``r`` (0-based, ``r = 0 .. n - 1``) has a pickup node and a drop-off node.

Times are minutes from the day's origin (floats); distances and travel times come from the
instance's matrices, indexed by node. Loads have several dimensions (e.g. seats and
wheelchair places): a request's ``load`` and a vehicle's ``capacity`` are tuples of the same
length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: An open time window (no limit).
HORIZON = 1e9


@dataclass(frozen=True)
class Window:
    """The interval in which service at a node may start."""

    earliest: float = 0.0
    latest: float = HORIZON

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError(f"window ends ({self.latest}) before it starts ({self.earliest})")


@dataclass(frozen=True)
class Node:
    """A place where a vehicle stops: its coordinates (for maps and distances; any planar or
    geographic pair), service duration and time window."""

    id: int
    x: float
    y: float
    service: float = 0.0
    window: Window = field(default_factory=Window)


@dataclass(frozen=True)
class Request:
    """A passenger's ride (possibly with companions): pick up at ``pickup``, drop off at
    ``dropoff`` (node ids), carrying ``load`` (one number per capacity dimension), riding at
    most ``max_ride`` minutes (from the end of service at the pickup to the start of service
    at the drop-off)."""

    id: int
    pickup: int
    dropoff: int
    load: tuple[int, ...]
    max_ride: float = HORIZON


@dataclass(frozen=True)
class Vehicle:
    """A vehicle with its capacity per dimension, start and end nodes (depots) and its shift:
    it leaves ``start`` no earlier than ``shift.earliest`` and is back at ``end`` no later
    than ``shift.latest``; a route lasts at most ``max_duration`` minutes (from leaving the
    start to arriving at the end)."""

    id: int
    capacity: tuple[int, ...]
    start: int
    end: int
    shift: Window = field(default_factory=Window)
    max_duration: float = HORIZON


@dataclass
class Instance:
    """A day to plan: nodes, requests, vehicles, and the travel-time and distance matrices
    (``travel[i][j]`` minutes and ``distance[i][j]`` the cost from node ``i`` to ``j``; the
    same matrix for both in the benchmark sets)."""

    name: str
    nodes: list[Node]
    requests: list[Request]
    vehicles: list[Vehicle]
    travel: list[list[float]]
    distance: list[list[float]]

    def __post_init__(self) -> None:
        size = len(self.nodes)
        if any(node.id != index for index, node in enumerate(self.nodes)):
            raise ValueError("node ids must be their positions in the list")
        if len(self.travel) != size or any(len(row) != size for row in self.travel):
            raise ValueError("the travel-time matrix must be square, one row per node")
        if len(self.distance) != size or any(len(row) != size for row in self.distance):
            raise ValueError("the distance matrix must be square, one row per node")
        dimensions = {len(v.capacity) for v in self.vehicles} | {len(r.load) for r in self.requests}
        if len(dimensions) > 1:
            raise ValueError("loads and capacities must have the same number of dimensions")

    @property
    def size(self) -> int:
        """The number of requests."""
        return len(self.requests)

    def request_of(self) -> dict[int, Request]:
        """Each pickup and drop-off node's request."""
        index: dict[int, Request] = {}
        for request in self.requests:
            index[request.pickup] = request
            index[request.dropoff] = request
        return index


#: A route: the stops of one vehicle in order, as node ids, without its start and end nodes.
Route = list[int]


@dataclass
class Plan:
    """A solution: one route per vehicle (``routes[k]`` for ``instance.vehicles[k]``), the
    requests left unserved with the reason for each, and the total cost (distance)."""

    routes: list[Route]
    unserved: dict[int, str] = field(default_factory=dict)
    cost: float = 0.0
