"""The dial-a-ride benchmark CLI.

``python -m opencus.routing.bench PATHS... --seconds S [--seed N] [--routes-out FILE.json]
[--compare-ortools]``

- PATHS are Cordeau-format files or directories (their ``.txt`` files, sorted);
- each instance is solved by ``opencus.routing.solver.solve(instance, seconds=S, seed=N)``,
  or, when that module is absent, by the greedy baseline (``opencus.routing.baseline``; the
  output then says "baseline");
- every plan is checked by the independent checker; the cost printed is the checker's;
- one line per instance: ``instance, cost, bks, gap_pct, seconds, feasible`` (plus
  ``served``), where ``feasible`` is "yes" only when the checker accepts the plan and every
  request is served; the best-known cost comes from ``bks.csv`` beside the file or in its
  parent folder;
- a summary ``feasible N/M, mean gap X %, max gap Y %`` (gaps over the feasible instances
  that have a best-known cost);
- ``--routes-out`` writes ``{instance: [[node ids of a route without depots], ...]}``, one
  route per vehicle in vehicle order (an unused vehicle's route is empty);
- ``--compare-ortools`` also runs the plain OR-Tools model (``ortools_model``) for the same
  time, checks its plan with the same checker and prints its columns beside.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from opencus.routing.checker import check
from opencus.routing.cordeau import read_cordeau
from opencus.routing.model import Instance, Plan

Solver = Callable[..., Plan]


@dataclass
class Outcome:
    """One solver's result on one instance, as checked."""

    cost: float
    seconds: float
    feasible: bool
    served: int
    total: int
    routes: list[list[int]]
    violations: list[str]

    def gap(self, bks: float | None) -> float | None:
        if bks is None or not self.feasible or bks <= 0:
            return None
        return 100.0 * (self.cost - bks) / bks


def expand(paths: Sequence[str]) -> list[Path]:
    """Files as given; directories become their ``.txt`` files, sorted by name."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(path.glob("*.txt")))
        else:
            files.append(path)
    return files


def best_known(path: Path, cache: dict[Path, dict[str, float]]) -> float | None:
    """The instance's best-known cost from ``bks.csv`` beside the file or in its parent."""
    for folder in (path.parent, path.parent.parent):
        table = folder / "bks.csv"
        if table not in cache:
            cache[table] = {}
            if table.is_file():
                with table.open(encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        try:
                            cache[table][row["instance"].strip()] = float(row["bks"])
                        except (KeyError, ValueError):
                            continue
        if path.stem in cache[table]:
            return cache[table][path.stem]
    return None


def our_solver() -> tuple[Solver, str]:
    """The team's solver when it exists, else the greedy baseline."""
    try:
        module = importlib.import_module("opencus.routing.solver")
    except ModuleNotFoundError as error:
        if error.name != "opencus.routing.solver":
            raise
        from opencus.routing import baseline

        return baseline.solve, "baseline"
    # Compile the kernel (or load it from numba's cache) before any instance's clock starts:
    # the one-off compilation is not part of a search's time.
    module.warm_up()
    return module.solve, "solver"


def run(solve: Solver, instance: Instance, seconds: float, seed: int) -> Outcome:
    began = time.monotonic()
    plan = solve(instance, seconds=seconds, seed=seed)
    elapsed = time.monotonic() - began
    result = check(instance, plan)
    return Outcome(
        cost=result.cost,
        seconds=elapsed,
        feasible=result.feasible and result.served == instance.size,
        served=result.served,
        total=instance.size,
        routes=[list(route) for route in plan.routes],
        violations=result.violations,
    )


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _columns(outcome: Outcome, bks: float | None) -> list[str]:
    return [
        _number(outcome.cost),
        _number(outcome.gap(bks)),
        _number(outcome.seconds, 1),
        "yes" if outcome.feasible else "no",
        f"{outcome.served}/{outcome.total}",
    ]


def summary(outcomes: list[Outcome], bks: list[float | None]) -> str:
    gaps = [g for o, b in zip(outcomes, bks, strict=True) if (g := o.gap(b)) is not None]
    feasible = sum(o.feasible for o in outcomes)
    mean = sum(gaps) / len(gaps) if gaps else None
    worst = max(gaps) if gaps else None
    return (
        f"feasible {feasible}/{len(outcomes)}, mean gap {_number(mean)} %, "
        f"max gap {_number(worst)} %"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m opencus.routing.bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("paths", nargs="+", help="Cordeau-format files or folders of them")
    parser.add_argument("--seconds", type=float, required=True, help="time per instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--routes-out", type=Path, help="write the routes as JSON here")
    parser.add_argument(
        "--compare-ortools", action="store_true", help="also run the plain OR-Tools model"
    )
    args = parser.parse_args(argv)
    files = expand(args.paths)
    if not files:
        parser.error("no instance files found")
    solve, label = our_solver()
    ortools_solve: Solver | None = None
    if args.compare_ortools:
        from opencus.routing import ortools_model

        ortools_solve = ortools_model.solve
    print(f"# solver: {label}, {args.seconds:g} s per instance, seed {args.seed}")
    header = ["instance", "cost", "bks", "gap_pct", "seconds", "feasible", "served"]
    if ortools_solve is not None:
        header += ["ortools_cost", "ortools_gap_pct", "ortools_seconds", "ortools_feasible"]
        header += ["ortools_served"]
    print(", ".join(header))
    cache: dict[Path, dict[str, float]] = {}
    ours: list[Outcome] = []
    theirs: list[Outcome] = []
    known: list[float | None] = []
    routes_out: dict[str, list[list[int]]] = {}
    for path in files:
        instance = read_cordeau(path)
        bks = best_known(path, cache)
        outcome = run(solve, instance, args.seconds, args.seed)
        ours.append(outcome)
        known.append(bks)
        routes_out[instance.name] = outcome.routes
        columns = _columns(outcome, bks)
        row = [instance.name, columns[0], _number(bks), *columns[1:]]
        if ortools_solve is not None:
            other = run(ortools_solve, instance, args.seconds, args.seed)
            theirs.append(other)
            row += _columns(other, bks)
        print(", ".join(row), flush=True)
        for violation in outcome.violations:
            print(f"#   {instance.name}: {violation}", file=sys.stderr)
    print(f"{label}: {summary(ours, known)}" if ortools_solve else summary(ours, known))
    if ortools_solve is not None:
        print(f"ortools: {summary(theirs, known)}")
    if args.routes_out is not None:
        lines = [f"{json.dumps(name)}: {json.dumps(routes)}" for name, routes in routes_out.items()]
        args.routes_out.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
