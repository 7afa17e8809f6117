"""The senior taxi's background work, through Django's tasks API (the django-tasks backport with
the database backend, as ``opencus.plans.tasks``): a task only loads what it needs and calls a
service.

- ``transport_optimise_daily`` re-optimises the coming days' plans (:func:`days_to_optimise`:
  from tomorrow to the next working day, so on a Friday the weekend and Monday) for
  ``OPENCUS_TRANSPORT_OPTIMISE_SECONDS`` each, then queues itself for the next day at
  ``OPENCUS_TRANSPORT_OPTIMISE_HOUR`` (Europe/Warsaw) unless a run is already waiting, so one
  chain of daily runs goes on however often the first run is queued (``manage.py
  transport_optimise --queue``, which ``make demo`` calls at every start). Published plans and
  days without rides are left alone.
- ``transport_optimise_day`` re-optimises one day (the dispatcher's "optimise in the
  background" button, ``transport_optimise --day … --queue``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from opencus.core import schedule
from opencus.core.locks import named_lock
from opencus.transport import clocks
from opencus.transport.dispatch import plan_optimise
from opencus.transport.errors import DispatchError
from opencus.transport.models import Booking, BookingStatus, DayPlan, DayPlanStatus

logger = logging.getLogger(__name__)


def next_run_at(now: dt.datetime) -> dt.datetime:
    """The first optimisation hour (Warsaw) strictly after ``now``."""
    local = now.astimezone(clocks.WARSAW)
    hour = dt.time(int(settings.OPENCUS_TRANSPORT_OPTIMISE_HOUR))
    moment = dt.datetime.combine(local.date(), hour, tzinfo=clocks.WARSAW)
    if moment <= local:
        moment = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), hour, tzinfo=clocks.WARSAW
        )
    return moment


def days_to_optimise(today: dt.date) -> list[dt.date]:
    """From tomorrow to the next working day, the days with rides whose plan is not published."""
    last = clocks.next_working_day(today)
    days = [today + dt.timedelta(days=n) for n in range(1, (last - today).days + 1)]
    published = set(
        DayPlan.objects.filter(day__in=days, status=DayPlanStatus.PUBLISHED).values_list(
            "day", flat=True
        )
    )
    with_rides = set(
        Booking.objects.filter(
            day__in=days, status__in=[BookingStatus.BOOKED, BookingStatus.ON_BOARD]
        ).values_list("day", flat=True)
    )
    return [day for day in days if day in with_rides and day not in published]


def optimise(day: dt.date, seconds: float) -> bool:
    """Re-optimise one day; a refusal (published meanwhile, rejected by the checker) is logged,
    not raised: ``True`` if a plan was stored."""
    try:
        plan_optimise(day, seconds=seconds, note="task")
    except DispatchError as error:
        logger.warning("transport optimisation of %s refused: %s", day, " ".join(error.messages))
        return False
    return True


@task()
def transport_optimise_daily() -> int:
    """Re-optimise the coming days, then make sure the next day's run is queued (also when a
    run failed, so the chain does not end). Returns the number of plans stored."""
    try:
        today = timezone.localdate(timezone.now(), clocks.WARSAW)
        seconds = float(settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS)
        return sum(optimise(day, seconds) for day in days_to_optimise(today))
    finally:
        daily_run_schedule(at=next_run_at(timezone.now()))


@task()
def transport_optimise_day(day: str, seconds: float) -> bool:
    """Re-optimise ``day`` (ISO date) for ``seconds``."""
    return optimise(dt.date.fromisoformat(day), seconds)


def queue_available() -> bool:
    """Can the task backend hold a run for later (the database backend)?"""
    return schedule.queue_holds_later(transport_optimise_daily)


def _waiting(path: str) -> Q:
    return Q(task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])


def daily_run_pending(*, by: dt.datetime | None = None) -> bool:
    """Is a daily run waiting in the queue (one due by ``by``, if given)?"""
    return schedule.run_waiting(transport_optimise_daily, by=by)


def daily_run_schedule(*, at: dt.datetime | None = None) -> bool:
    """Queue a daily run for ``at`` (now, if not given) unless one is already waiting: ``True``
    if this call queued it."""
    return schedule.run_queue_once(transport_optimise_daily, at=at, what="transport optimisation")


def day_run_queue(day: dt.date, seconds: float) -> bool:
    """Queue one day's optimisation unless one for that day is waiting or running: ``True`` if
    this call queued it. With a backend that cannot queue, nothing happens (``False``)."""
    if not queue_available():
        return False
    with named_lock(f"transport_optimise_day.{day.isoformat()}"):
        if day_run_pending(day):
            return False
        transport_optimise_day.enqueue(day.isoformat(), seconds)
    return True


def day_run_pending(day: dt.date) -> bool:
    """Is an optimisation of ``day`` waiting or running in the queue?"""
    if not queue_available():
        return False
    return any(
        (stored or {}).get("args", [None])[:1] == [day.isoformat()]
        for stored in DBTaskResult.objects.filter(
            _waiting(transport_optimise_day.module_path)
        ).values_list("args_kwargs", flat=True)
    )
