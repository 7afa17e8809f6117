"""Tiny hand-made dial-a-ride instances on a line (travel time = distance = |x_a - x_b|)."""

from __future__ import annotations

from collections.abc import Sequence

from opencus.routing.model import HORIZON, Instance, Node, Request, Vehicle, Window


def line_instance(
    points: list[tuple[float, float, float]],
    requests: Sequence[tuple[int, int, tuple[int, ...], float]],
    vehicles: int = 1,
    capacity: tuple[int, ...] = (3,),
    shift: tuple[float, float] = (0.0, HORIZON),
    max_duration: float = HORIZON,
    service: float = 0.0,
) -> Instance:
    """Node ``i`` at ``x = points[i][0]`` with window ``points[i][1:]``; node 0 is the depot,
    every vehicle's start and end; ``requests`` are ``(pickup, dropoff, load, max_ride)``."""
    nodes = [
        Node(i, x, 0.0, 0.0 if i == 0 else service, Window(early, late))
        for i, (x, early, late) in enumerate(points)
    ]
    matrix = [[abs(a.x - b.x) for b in nodes] for a in nodes]
    return Instance(
        name="line",
        nodes=nodes,
        requests=[Request(r, p, d, load, ride) for r, (p, d, load, ride) in enumerate(requests)],
        vehicles=[
            Vehicle(k, capacity, 0, 0, Window(*shift), max_duration) for k in range(vehicles)
        ],
        travel=matrix,
        distance=[list(row) for row in matrix],
    )
