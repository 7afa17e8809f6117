"""The benchmark CLI on a tiny Cordeau file, the baseline, and the plain OR-Tools model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opencus.routing import baseline, bench
from opencus.routing.checker import check
from opencus.routing.cordeau import parse_cordeau

# Two vehicles, three requests (a/ variant: header N = n, end-depot line).
TINY = """2 3 480 3 30
0 0.0 0.0 0 0 0 480
1 1.0 0.0 1 1 0 1440
2 0.0 2.0 1 1 0 1440
3 -3.0 0.0 1 1 20 40
4 4.0 0.0 1 -1 0 1440
5 0.0 6.0 1 -1 30 60
6 -5.0 1.0 1 -1 0 1440
7 0.0 0.0 0 0 0 480
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sets = tmp_path / "darp"
    (sets / "a").mkdir(parents=True)
    (sets / "a" / "t2-3.txt").write_text(TINY, encoding="utf-8")
    (sets / "a" / "notes.md").write_text("not an instance", encoding="utf-8")
    (sets / "bks.csv").write_text("instance,bks,source\nt2-3,30.0,hand\n", encoding="utf-8")
    return sets


def test_the_cli_prints_a_line_per_instance_and_the_summary(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench, "our_solver", lambda: (baseline.solve, "baseline"))
    out = tmp_path / "routes.json"
    code = bench.main(
        [str(folder / "a"), "--seconds", "0.05", "--seed", "3", "--routes-out", str(out)]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("# solver: baseline")
    assert lines[1] == "instance, cost, bks, gap_pct, seconds, feasible, served"
    name, cost, bks, gap, _seconds, feasible, served = lines[2].split(", ")
    assert (name, bks, feasible, served) == ("t2-3", "30.00", "yes", "3/3")
    assert float(gap) == pytest.approx(100 * (float(cost) - 30) / 30, abs=0.05)
    assert lines[3].startswith("feasible 1/1, mean gap ")
    routes = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(node for route in routes["t2-3"] for node in route) == [1, 2, 3, 4, 5, 6]


def test_bks_beside_the_file_wins(folder: Path) -> None:
    (folder / "a" / "bks.csv").write_text("instance,bks,source\nt2-3,31.5,x\n", encoding="utf-8")
    assert bench.best_known(folder / "a" / "t2-3.txt", {}) == 31.5
    assert bench.best_known(folder / "a" / "other.txt", {}) is None


def test_the_baseline_plan_passes_the_checker() -> None:
    instance = parse_cordeau(TINY)
    plan = baseline.solve(instance, seconds=0.05, seed=1)
    result = check(instance, plan)
    assert result.feasible, result.violations
    assert not plan.unserved
    assert plan == baseline.solve(instance, seconds=0.0, seed=1)


def test_the_ortools_model_on_a_tiny_instance(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from opencus.routing import ortools_model

    instance = parse_cordeau(TINY)
    plan = ortools_model.solve(instance, seconds=0.2)
    result = check(instance, plan)
    assert result.feasible, result.violations
    assert result.served == 3
    assert plan.cost == pytest.approx(result.cost)

    monkeypatch.setattr(bench, "our_solver", lambda: (baseline.solve, "baseline"))
    bench.main([str(folder / "a" / "t2-3.txt"), "--seconds", "0.1", "--compare-ortools"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("ortools_feasible, ortools_served")
    assert lines[2].split(", ")[-2:] == ["yes", "3/3"]
    assert lines[-1].startswith("ortools: feasible 1/1")
