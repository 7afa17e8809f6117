"""The Cordeau reader on both variants (a tiny file of each, and the shared sets when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opencus.routing.cordeau import parse_cordeau, read_cordeau

A_TEXT = """2 2 480 3 30
0 0.0 0.0 0 0 0 480
1 3.0 4.0 3 1 0 1440
2 1.0 1.0 3 1 60 75
3 6.0 8.0 3 -1 100 115
4 2.0 2.0 3 -1 0 1440
5 0.0 0.0 0 0 0 480
"""

PR_TEXT = """3 4 480 6 90
0 0.0 0.0 0 0 0 1440
1 3.0 4.0 10 2 0 1440
2 1.0 1.0 10 1 60 75
3 6.0 8.0 10 -2 100 115
4 2.0 2.0 10 -1 0 1440
"""

SHARED = Path("/work/shared/benchmarks/darp")


def test_a_variant_drops_the_end_depot_copy() -> None:
    instance = parse_cordeau(A_TEXT, name="tiny-a")
    assert instance.name == "tiny-a"
    assert len(instance.nodes) == 5
    assert [(r.pickup, r.dropoff, r.load, r.max_ride) for r in instance.requests] == [
        (1, 3, (1,), 30.0),
        (2, 4, (1,), 30.0),
    ]
    assert len(instance.vehicles) == 2
    vehicle = instance.vehicles[0]
    assert (vehicle.start, vehicle.end, vehicle.capacity) == (0, 0, (3,))
    assert (vehicle.shift.earliest, vehicle.shift.latest, vehicle.max_duration) == (0, 480, 480)
    assert instance.travel[0][1] == pytest.approx(5.0)
    assert instance.distance[1][3] == pytest.approx(5.0)
    assert instance.nodes[2].window.earliest == 60
    assert instance.nodes[1].service == 3


def test_a_variant_keeps_a_different_end_depot() -> None:
    text = A_TEXT.replace("5 0.0 0.0 0 0 0 480", "5 1.0 0.0 0 0 0 400")
    instance = parse_cordeau(text)
    assert len(instance.nodes) == 6
    assert instance.vehicles[0].end == 5
    assert instance.vehicles[0].shift.latest == 400
    assert instance.travel[0][5] == pytest.approx(1.0)


def test_pr_variant_counts_nodes_and_loads() -> None:
    instance = parse_cordeau(PR_TEXT)
    assert len(instance.nodes) == 5
    assert [r.load for r in instance.requests] == [(2,), (1,)]
    assert len(instance.vehicles) == 3
    assert instance.vehicles[0].shift.latest == 1440
    assert instance.vehicles[0].max_duration == 480
    assert instance.requests[0].max_ride == 90


def test_unmatched_loads_are_refused() -> None:
    with pytest.raises(ValueError, match="does not unload"):
        parse_cordeau(PR_TEXT.replace("3 6.0 8.0 10 -2", "3 6.0 8.0 10 -1"))


@pytest.mark.skipif(not SHARED.exists(), reason="the shared benchmark sets are not here")
def test_shared_files_read() -> None:
    a = read_cordeau(SHARED / "a" / "a2-16.txt")
    assert (a.name, a.size, len(a.nodes), len(a.vehicles)) == ("a2-16", 16, 33, 2)
    pr = read_cordeau(SHARED / "pr" / "pr01.txt")
    assert (pr.size, len(pr.nodes), len(pr.vehicles)) == (24, 49, 3)
