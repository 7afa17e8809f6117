"""The day-before optimisation in the background: the daily task re-optimises the coming days
(leaving published plans alone) and queues its next run; the one-day task; the
``transport_optimise`` command (run now, or queue)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencus.core.roles import Role
from opencus.transport import clocks, dispatch, tasks
from opencus.transport.models import DayPlan, DayPlanStatus, DayPlanTransition
from tests.personas import user_make
from tests.transport.factories import dispatch_day_make

pytestmark = pytest.mark.django_db
DAY = dt.date(2027, 3, 10)  # a Wednesday
FRIDAY = dt.date(2027, 3, 12)
#: The afternoon before DAY, at the optimisation hour.
BEFORE = dt.datetime(2027, 3, 9, 15, 0, tzinfo=clocks.WARSAW)


@pytest.fixture(autouse=True)
def _the_week_before() -> Iterator[None]:
    """Rides of a day that is over are not approved or planned: these tests run before DAY."""
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=dt.UTC)):
        yield


@pytest.fixture(autouse=True)
def _short(settings: Any) -> None:
    settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS = 0.5
    settings.OPENCUS_TRANSPORT_OPTIMISE_HOUR = 15


@pytest.fixture
def clerk() -> Any:
    return user_make(Role.CLIENT_OFFICE)


def test_the_days_to_optimise_run_from_tomorrow_to_the_next_working_day(clerk) -> None:
    dispatch_day_make(DAY, clerk=clerk, rides=1)
    assert tasks.days_to_optimise(DAY - dt.timedelta(days=1)) == [DAY]
    assert tasks.days_to_optimise(DAY) == []  # nothing booked on Thursday
    # On a Friday: Saturday, Sunday and Monday (only days with rides count).
    monday = FRIDAY + dt.timedelta(days=3)
    dispatch_day_make(monday, clerk=clerk, rides=1)
    assert tasks.days_to_optimise(FRIDAY) == [monday]


def test_the_daily_task_optimises_tomorrow_and_queues_its_next_run(clerk) -> None:
    dispatch_day_make(DAY, clerk=clerk, rides=2)
    with time_machine.travel(BEFORE, tick=False):
        stored = tasks.transport_optimise_daily.call()
    assert stored == 1
    plan = DayPlan.objects.get(day=DAY)
    assert plan.optimised_at is not None and plan.unserved == {}
    assert DayPlanTransition.objects.get(plan=plan, action="optimised").note == "task"
    waiting = DBTaskResult.objects.get(task_path=tasks.transport_optimise_daily.module_path)
    assert waiting.status == TaskResultStatus.READY
    assert waiting.run_after == dt.datetime(2027, 3, 10, 15, 0, tzinfo=clocks.WARSAW)


def test_the_daily_task_leaves_a_published_plan_alone(clerk) -> None:
    dispatch_day_make(DAY, clerk=clerk, rides=1)
    dispatch.plan_optimise(DAY, seconds=1, iterations=20, acting_user=clerk)
    dispatch.plan_publish(DAY, acting_user=clerk)
    revision = DayPlan.objects.get(day=DAY).revision
    with time_machine.travel(BEFORE, tick=False):
        assert tasks.transport_optimise_daily.call() == 0
    plan = DayPlan.objects.get(day=DAY)
    assert (plan.status, plan.revision) == (DayPlanStatus.PUBLISHED, revision)


def test_the_one_day_task_runs_the_service(clerk) -> None:
    dispatch_day_make(DAY, clerk=clerk, rides=1)
    assert tasks.transport_optimise_day.call(DAY.isoformat(), 0.5) is True
    assert DayPlan.objects.get(day=DAY).optimised_at is not None


def test_the_next_run_is_the_next_optimisation_hour_in_warsaw() -> None:
    assert tasks.next_run_at(BEFORE) == BEFORE + dt.timedelta(days=1)
    morning = dt.datetime(2027, 3, 9, 7, 0, tzinfo=clocks.WARSAW)
    assert tasks.next_run_at(morning) == BEFORE


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_the_command_optimises_a_day_now(clerk) -> None:
    dispatch_day_make(DAY, clerk=clerk, rides=2)
    out = StringIO()
    call_command("transport_optimise", "--day", "2027-03-10", "--seconds", "0.5", stdout=out)
    assert "2027-03-10: 2 rides planned, 0 do not fit" in out.getvalue()
    assert DayPlan.objects.get(day=DAY).optimised_at is not None
    assert not DBTaskResult.objects.exists()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("transport_optimise", "--day", "10.03.2027")


@pytest.mark.usefixtures("english")
def test_the_command_queues_the_daily_run_or_a_day_once() -> None:
    out = StringIO()
    call_command("transport_optimise", "--queue", stdout=out)
    call_command("transport_optimise", "--queue", stdout=out)
    assert "Queued" in out.getvalue() and "already waiting" in out.getvalue()
    daily = DBTaskResult.objects.filter(task_path=tasks.transport_optimise_daily.module_path)
    assert daily.count() == 1

    call_command("transport_optimise", "--queue", "--day", "2027-03-10", stdout=out)
    call_command("transport_optimise", "--queue", "--day", "2027-03-10", stdout=out)
    one = DBTaskResult.objects.filter(task_path=tasks.transport_optimise_day.module_path)
    assert one.count() == 1
    assert tasks.day_run_pending(DAY) and not tasks.day_run_pending(FRIDAY)
