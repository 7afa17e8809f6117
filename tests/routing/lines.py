"""Small hand-made dial-a-ride instances on a line, where optima can be worked out by hand."""

from __future__ import annotations

from opencus.routing.model import HORIZON, Instance, Node, Request, Vehicle, Window


def line_instance(
    trips: list[tuple[float, float]],
    *,
    vehicles: int = 1,
    capacity: int = 1,
    loads: list[int] | None = None,
    max_ride: float = HORIZON,
    windows: dict[int, tuple[float, float]] | None = None,
    service: float = 0.0,
    max_duration: float = HORIZON,
) -> Instance:
    """Requests ``(pickup x, drop-off x)`` on a line with the depot at 0; node 0 is the
    depot, nodes ``1..n`` the pickups and ``n+1..2n`` the drop-offs; ``windows`` by node."""
    n = len(trips)
    xs = [0.0] + [a for a, _ in trips] + [b for _, b in trips]
    windows = windows or {}
    nodes = [
        Node(i, x, 0.0, service if i else 0.0, Window(*windows.get(i, (0.0, HORIZON))))
        for i, x in enumerate(xs)
    ]
    travel = [[abs(a - b) for b in xs] for a in xs]
    loads = loads or [1] * n
    requests = [Request(r, r + 1, n + r + 1, (loads[r],), max_ride) for r in range(n)]
    fleet = [
        Vehicle(k, (capacity,), 0, 0, Window(0.0, HORIZON), max_duration) for k in range(vehicles)
    ]
    return Instance("line", nodes, requests, fleet, travel, [row[:] for row in travel])
