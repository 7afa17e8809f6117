"""The compiled schedule check on hand-made routes, and its pure-Python original alike."""

from __future__ import annotations

import numpy as np
import pytest

from opencus.routing import kernel
from opencus.routing.model import Instance

from .lines import line_instance


def both(instance: Instance, route: list[int], vehicle: int = 0) -> bool:
    arrays = kernel.Arrays(instance)
    args = (np.array(route, dtype=np.int64), *arrays.node_args(), *arrays.vehicle_args(vehicle))
    compiled = bool(kernel.route_feasible(*args))
    assert compiled == bool(kernel.route_feasible.py_func(*args))
    return compiled


TWO = [(1.0, 2.0), (3.0, 4.0)]


def test_a_plain_route_is_feasible_and_costs_its_length() -> None:
    instance = line_instance(TWO)
    assert both(instance, [1, 2, 3, 4]) is False  # two aboard, one seat
    assert both(instance, [1, 3, 2, 4]) is True
    arrays = kernel.Arrays(instance)
    assert kernel.route_cost(np.array([1, 3, 2, 4]), arrays.distance, 0, 0) == 8.0


def test_precedence() -> None:
    instance = line_instance(TWO, capacity=2)
    assert both(instance, [3, 1, 2, 4]) is False
    assert both(instance, [1, 2, 3, 4]) is True


def test_capacity_in_every_dimension() -> None:
    instance = line_instance(TWO, capacity=2, loads=[2, 1])
    assert both(instance, [1, 2, 3, 4]) is False
    assert both(instance, [2, 1, 4, 3]) is False
    assert both(instance, [1, 3, 2, 4]) is True


def test_time_windows_with_waiting() -> None:
    assert both(line_instance(TWO, windows={1: (10.0, 12.0)}), [2, 4, 1, 3]) is True
    assert both(line_instance(TWO, windows={1: (0.0, 5.0)}), [2, 4, 1, 3]) is False


def test_departure_is_delayed_to_shorten_a_ride() -> None:
    instance = line_instance([(1.0, 2.0)], max_ride=5.0, windows={2: (20.0, 25.0)})
    assert both(instance, [1, 2]) is True


def test_pickup_is_delayed_to_shorten_a_ride() -> None:
    # The first passenger pins the start; the second ride needs its pickup delayed by 16.
    windows = {1: (1.0, 1.0), 4: (20.0, 21.0)}
    instance = line_instance(TWO, max_ride=3.0, windows=windows)
    assert both(instance, [1, 3, 2, 4]) is True
    tight = line_instance(TWO, max_ride=3.0, windows={1: (1.0, 1.0), 4: (20.0, 21.0), 2: (0, 5)})
    assert both(tight, [1, 3, 2, 4]) is False


def test_ride_time_over_the_limit() -> None:
    instance = line_instance(TWO, capacity=2, max_ride=1.5)
    assert both(instance, [1, 2, 3, 4]) is False
    assert both(instance, [1, 3, 2, 4]) is True


@pytest.mark.parametrize(("limit", "ok"), [(7.0, False), (8.0, True)])
def test_route_duration(limit: float, ok: bool) -> None:
    assert both(line_instance(TWO, max_duration=limit), [1, 3, 2, 4]) is ok


def test_best_insertion_takes_the_cheapest_feasible_place() -> None:
    instance = line_instance(TWO)
    arrays = kernel.Arrays(instance)
    cost, i, j = kernel.best_insertion(
        np.array([1, 3], dtype=np.int64)[:0],
        1,
        3,
        kernel.INF,
        arrays.distance,
        *arrays.node_args(),
        *arrays.vehicle_args(0),
    )
    assert (cost, i, j) == (4.0, 0, 0)
    cost, i, j = kernel.best_insertion(
        np.array([1, 3], dtype=np.int64),
        2,
        4,
        kernel.INF,
        arrays.distance,
        *arrays.node_args(),
        *arrays.vehicle_args(0),
    )
    assert (cost, i, j) == (4.0, 2, 2)
