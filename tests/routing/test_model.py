"""The instance model refuses what cannot be planned: windows that end before they start,
matrices of the wrong size, nodes out of order, loads and capacities of different dimensions."""

from __future__ import annotations

import pytest

from opencus.routing.model import Instance, Node, Request, Vehicle, Window


def nodes(count: int) -> list[Node]:
    return [Node(id=i, x=float(i), y=0.0) for i in range(count)]


def matrix(count: int) -> list[list[float]]:
    return [[abs(i - j) for j in range(count)] for i in range(count)]


def test_a_small_instance_knows_its_requests_by_node() -> None:
    request = Request(id=0, pickup=1, dropoff=2, load=(1, 0), max_ride=30)
    instance = Instance(
        name="tiny",
        nodes=nodes(3),
        requests=[request],
        vehicles=[Vehicle(id=0, capacity=(3, 1), start=0, end=0)],
        travel=matrix(3),
        distance=matrix(3),
    )
    assert instance.size == 1
    assert instance.request_of() == {1: request, 2: request}


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Window(earliest=10, latest=5)


@pytest.mark.parametrize(
    ("node_list", "travel", "message"),
    [
        (nodes(3), matrix(2), "travel-time matrix"),
        ([Node(id=1, x=0, y=0), Node(id=0, x=0, y=0), Node(id=2, x=0, y=0)], matrix(3), "ids"),
    ],
)
def test_matrices_and_node_order_are_checked(
    node_list: list[Node], travel: list[list[float]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Instance(
            name="bad", nodes=node_list, requests=[], vehicles=[], travel=travel, distance=matrix(3)
        )


def test_loads_and_capacities_must_have_the_same_dimensions() -> None:
    with pytest.raises(ValueError, match="dimensions"):
        Instance(
            name="bad",
            nodes=nodes(3),
            requests=[Request(id=0, pickup=1, dropoff=2, load=(1,))],
            vehicles=[Vehicle(id=0, capacity=(3, 1), start=0, end=0)],
            travel=matrix(3),
            distance=matrix(3),
        )
