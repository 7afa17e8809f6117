"""Queueing the background runs from several processes at once, on PostgreSQL with real
connections: the senior taxi's daily optimisation, one day's optimisation and the plan
reminders are each queued once (``core.locks.named_lock``), however many callers start
together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from opencus.plans import tasks as plan_tasks
from opencus.transport import clocks
from opencus.transport import tasks as transport_tasks
from tests.concurrency import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL"
    ),
]

CALLERS = 6
AT = dt.datetime(2027, 3, 9, 15, 0, tzinfo=clocks.WARSAW)


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
        outcomes = at_once(*[schedule] * CALLERS)
        assert sorted(outcomes, key=str) == [False] * (CALLERS - 1) + [True]
        assert DBTaskResult.objects.filter(task_path=path).count() == 1
