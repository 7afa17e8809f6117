"""Queueing the background runs from several processes at once, on PostgreSQL with real
connections: the senior taxi's daily optimisation, one day's optimisation and the plan
reminders are each queued once (``core.locks.named_lock``), however many callers start
together."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from opencus.plans import tasks as plan_tasks
from opencus.transport import clocks
from opencus.transport import tasks as transport_tasks

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

CALLERS = 6
AT = dt.datetime(2027, 3, 9, 15, 0, tzinfo=clocks.WARSAW)


def at_once(call: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(CALLERS)
    outcomes: list[Any] = [None] * CALLERS

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - recorded for the assertions
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize(
    ("schedule", "path"),
    [
        (
            lambda: transport_tasks.daily_run_schedule(at=AT),
            transport_tasks.transport_optimise_daily.module_path,
        ),
        (
            lambda: transport_tasks.day_run_queue(dt.date(2027, 3, 10), 1.0),
            transport_tasks.transport_optimise_day.module_path,
        ),
        (
            lambda: plan_tasks.daily_run_schedule(at=AT),
            plan_tasks.plan_reminders_daily.module_path,
        ),
    ],
    ids=["taxi-daily", "taxi-day", "plan-reminders"],
)
def test_callers_starting_together_queue_one_run(schedule: Callable[[], bool], path: str) -> None:
    for _round in range(3):
        DBTaskResult.objects.filter(task_path=path).delete()
        outcomes = at_once(schedule)
        assert sorted(outcomes, key=str) == [False] * (CALLERS - 1) + [True]
        assert DBTaskResult.objects.filter(task_path=path).count() == 1
