"""The reader of Cordeau-format dial-a-ride instances (the ``a/`` and ``pr/`` benchmark sets).

The format (``shared/benchmarks/darp/README.md``): a header ``K N T Q L``, then one line per
node ``id x y service load earliest latest``. Node 0 is the depot, nodes ``1..n`` are the
pickups and node ``n + i`` is the drop-off of pickup ``i``.

- In ``a/`` the header's ``N`` is the number of requests ``n``, and the file ends with an extra
  line, node ``2n + 1``, a copy of the depot (the route end).
- In ``pr/`` the header's ``N`` is ``2n`` (pickups plus drop-offs) and there is no end line.

The reader tells the two apart by counting the node lines, not by the folder name.

Decisions:

- The end-depot line of ``a/`` is dropped when it repeats the depot (same coordinates,
  service, and window), so that every vehicle starts and ends at node 0 in both sets and node
  ids are ``0..2n`` everywhere; when it differs, it is kept as node ``2n + 1`` and is every
  vehicle's end.
- Distances are Euclidean, as floats (no rounding); travel time equals distance.
- Every vehicle has capacity ``(Q,)`` (one dimension), the shift is the depot's window
  (start window's earliest, end window's latest) and ``max_duration = T``.
- Every request has ``max_ride = L`` and ``load = (q,)`` where ``q`` is the pickup's load.
"""

from __future__ import annotations

import math
from pathlib import Path

from opencus.routing.model import Instance, Node, Request, Vehicle, Window


def _node(fields: list[str]) -> tuple[Node, int]:
    """One node line: the node and its signed load."""
    if len(fields) < 7:
        raise ValueError(f"a node line needs 7 fields, got {len(fields)}: {' '.join(fields)}")
    node_id = int(fields[0])
    x, y, service = float(fields[1]), float(fields[2]), float(fields[3])
    load = int(float(fields[4]))
    window = Window(float(fields[5]), float(fields[6]))
    return Node(node_id, x, y, service, window), load


def parse_cordeau(text: str, name: str = "instance") -> Instance:
    """Parse the text of a Cordeau-format file (either variant) into an :class:`Instance`."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError(f"{name}: empty file")
    header = lines[0]
    if len(header) < 5:
        raise ValueError(f"{name}: the header needs 'K N T Q L', got {' '.join(header)}")
    vehicles_count = int(header[0])
    max_duration, capacity, max_ride = float(header[2]), int(header[3]), float(header[4])
    parsed = [_node(fields) for fields in lines[1:]]
    count = len(parsed)
    # pr/: depot + 2n nodes (odd count); a/: depot + 2n nodes + the end depot (even count).
    if count % 2 == 1:
        n, end_line = (count - 1) // 2, None
    else:
        n, end_line = (count - 2) // 2, parsed[-1]
        parsed = parsed[:-1]
    if n < 0 or len(parsed) != 2 * n + 1:
        raise ValueError(f"{name}: unexpected number of node lines ({count})")
    for index, (node, _load) in enumerate(parsed):
        if node.id != index:
            raise ValueError(f"{name}: node line {index} has id {node.id}")
    nodes = [node for node, _load in parsed]
    depot = nodes[0]
    end = 0
    if end_line is not None:
        end_node = end_line[0]
        same = (end_node.x, end_node.y, end_node.service, end_node.window) == (
            depot.x,
            depot.y,
            depot.service,
            depot.window,
        )
        if not same:
            end = len(nodes)
            nodes.append(
                Node(end, end_node.x, end_node.y, end_node.service, end_node.window),
            )
    requests = []
    for r in range(n):
        pickup, dropoff = r + 1, n + r + 1
        load = parsed[pickup][1]
        if parsed[dropoff][1] != -load:
            raise ValueError(f"{name}: drop-off {dropoff} does not unload pickup {pickup}'s load")
        requests.append(Request(r, pickup, dropoff, (load,), max_ride))
    shift = Window(depot.window.earliest, nodes[end].window.latest)
    vehicles = [Vehicle(k, (capacity,), 0, end, shift, max_duration) for k in range(vehicles_count)]
    matrix = [[math.hypot(a.x - b.x, a.y - b.y) for b in nodes] for a in nodes]
    return Instance(
        name=name,
        nodes=nodes,
        requests=requests,
        vehicles=vehicles,
        travel=matrix,
        distance=[list(row) for row in matrix],
    )


def read_cordeau(path: str | Path) -> Instance:
    """Read a Cordeau-format file; the instance is named after the file (without ``.txt``)."""
    path = Path(path)
    return parse_cordeau(path.read_text(encoding="utf-8"), name=path.stem)
