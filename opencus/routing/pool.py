"""Set-partitioning recombination over the routes the search has met.

The search visits many good routes that never sit together in one plan. Every plan it accepts
leaves its routes in a :class:`RoutePool`, one column per vehicle kind and set of requests
(the cheapest order of stops found for that set is kept). From time to time
:meth:`RoutePool.recombine` picks the cheapest set of columns that serves every request once,
with no more routes of a kind than there are vehicles of it: a small integer programme solved
by SCIP (through OR-Tools' linear-solver wrapper) on one thread, warm-started from the best
plan. CP-SAT found no solution in its budget on pools of a few thousand columns; SCIP solves
them in well under a second. This is
the set-partitioning component of Parragh & Schmid (2013), "Hybrid column generation and large
neighborhood search for the dial-a-ride problem", and of Subramanian, Uchoa & Ochi (2013),
"A hybrid algorithm for a class of vehicle routing problems" (ILS-SP).

Pinned requests: a column holding a request pinned to a vehicle may only go on that vehicle,
so each pinned vehicle takes at most one such column (and counts against its kind).
"""

from __future__ import annotations

import numpy as np
from ortools.linear_solver import pywraplp


class RoutePool:
    """Columns: a vehicle kind, a set of requests and the cheapest route found for them."""

    def __init__(
        self,
        request_of_node: np.ndarray,
        is_pickup: np.ndarray,
        kind: np.ndarray,
        pinned_to: np.ndarray,
        limit: int = 50_000,
    ) -> None:
        self.request_of_node = request_of_node
        self.is_pickup = is_pickup.astype(np.bool_)
        self.kind = kind
        self.pinned_to = pinned_to
        self.limit = limit
        #: (kind, the sorted requests as bytes) -> column index.
        self.index: dict[tuple[int, bytes], int] = {}
        self.kinds: list[int] = []
        self.members: list[np.ndarray] = []
        self.routes: list[np.ndarray] = []
        self.costs: list[float] = []

    def __len__(self) -> int:
        return len(self.costs)

    def _key(self, vehicle: int, route: np.ndarray) -> tuple[tuple[int, bytes], np.ndarray]:
        """A route's column key (its vehicle's kind, its sorted requests) and the requests."""
        members = np.sort(self.request_of_node[route[self.is_pickup[route]]])
        return (int(self.kind[vehicle]), members.tobytes()), members

    def add(self, vehicle: int, route: np.ndarray, cost: float) -> None:
        """Keep ``route`` (stops without depots) as driven by ``vehicle`` at ``cost``."""
        if route.shape[0] == 0:
            return
        key, members = self._key(vehicle, route)
        at = self.index.get(key)
        if at is None:
            if len(self.costs) >= self.limit:
                return
            self.index[key] = len(self.costs)
            self.kinds.append(key[0])
            self.members.append(members)
            self.routes.append(route.copy())
            self.costs.append(cost)
        elif cost < self.costs[at] - 1e-9:
            self.routes[at] = route.copy()
            self.costs[at] = cost

    def add_plan(self, routes: np.ndarray, lens: np.ndarray, costs: np.ndarray) -> None:
        """Keep every route of a plan in the kernel's form (one row per vehicle)."""
        for v in range(routes.shape[0]):
            self.add(v, routes[v, : lens[v]], float(costs[v]))

    def _vehicle_of(self, column: int) -> int:
        """The vehicle a column's pinned requests tie it to, -1 when none, -2 when two."""
        pins = self.pinned_to[self.members[column]]
        pins = pins[pins >= 0]
        if pins.shape[0] == 0:
            return -1
        if (pins != pins[0]).any():
            return -2
        return int(pins[0])

    def recombine(
        self,
        n_requests: int,
        served: np.ndarray,
        incumbent: list[int],
        penalty: float,
        seconds: float,
        nodes: int | None = None,
    ) -> list[np.ndarray] | None:
        """The cheapest plan made of pool columns, as one route per vehicle (empty ones
        included), or None when the solver found none within ``seconds``.

        ``served`` marks the requests the incumbent serves: each must be served once; the
        others at most once, at ``penalty`` each when not. ``incumbent`` lists the columns
        of the incumbent plan, given to the solver as a starting solution. ``nodes`` bounds
        the branch-and-bound tree instead of the clock, for reproducible runs (the clock
        then stays a safety stop).
        """
        k = self.kind.shape[0]
        solver = pywraplp.Solver.CreateSolver("SCIP")
        solver.SetNumThreads(1)
        pinned_vehicle = [self._vehicle_of(c) for c in range(len(self.costs))]
        usable = [c for c in range(len(self.costs)) if pinned_vehicle[c] != -2]
        x = {c: solver.BoolVar(f"x{c}") for c in usable}
        covering: list[list[int]] = [[] for _ in range(n_requests)]
        for c in usable:
            for r in self.members[c]:
                covering[r].append(c)
        objective = solver.Objective()
        for c in usable:
            objective.SetCoefficient(x[c], self.costs[c])
        for r in range(n_requests):
            row = solver.Constraint(1.0, 1.0)
            for c in covering[r]:
                row.SetCoefficient(x[c], 1.0)
            if not served[r]:
                missing = solver.BoolVar(f"u{r}")
                row.SetCoefficient(missing, 1.0)
                objective.SetCoefficient(missing, penalty)
        for kind in set(self.kind.tolist()):
            row = solver.Constraint(0.0, float((self.kind == kind).sum()))
            for c in usable:
                if self.kinds[c] == kind:
                    row.SetCoefficient(x[c], 1.0)
        for v in range(k):
            tied = [c for c in usable if pinned_vehicle[c] == v]
            if len(tied) > 1:
                row = solver.Constraint(0.0, 1.0)
                for c in tied:
                    row.SetCoefficient(x[c], 1.0)
        objective.SetMinimization()
        chosen_hint = set(incumbent)
        solver.SetHint([x[c] for c in usable], [1.0 if c in chosen_hint else 0.0 for c in usable])
        if nodes is not None:
            solver.SetSolverSpecificParametersAsString(f"limits/nodes = {nodes}\n")
        solver.SetTimeLimit(max(10, int(seconds * 1000)))
        status = solver.Solve()
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return None
        chosen = [c for c in usable if x[c].solution_value() > 0.5]
        plan: list[np.ndarray | None] = [None] * k
        free = list(range(k))
        for c in sorted(chosen, key=lambda c: pinned_vehicle[c] < 0):
            v = pinned_vehicle[c]
            if v < 0:
                v = next(u for u in free if self.kind[u] == self.kinds[c])
            free.remove(v)
            plan[v] = self.routes[c]
        empty = np.zeros(0, dtype=np.int64)
        return [route if route is not None else empty for route in plan]

    def columns_of(self, routes: np.ndarray, lens: np.ndarray) -> list[int]:
        """The pool columns of a plan's routes (after :meth:`add_plan`)."""
        found = []
        for v in range(routes.shape[0]):
            route = routes[v, : lens[v]]
            if route.shape[0] == 0:
                continue
            at = self.index.get(self._key(v, route)[0])
            if at is not None:
                found.append(at)
        return found
