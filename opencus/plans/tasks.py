"""The plans' background work, through Django's tasks API (the django-tasks backport; on
Django 6 the import becomes ``django.tasks``) with the database backend: a task is a row in
``django_tasks_db``'s table, run by ``manage.py db_worker``.

``plan_reminders_daily`` sends the reminders due today (``reminders.reminders_send``) and then
queues itself for the next morning (``OPENCUS_PLAN_REMINDER_HOUR``, 06:00 Europe/Warsaw by
default) unless a run is already waiting, so one chain of daily runs goes on however often
the first run is queued (``manage.py plan_reminders``, which ``make demo`` calls at every
start). A run that happens twice, or a worker restarted half-way, sends nothing twice: each
reminder is claimed under a unique constraint before it is sent (``reminders``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from opencus.core import schedule
from opencus.plans.clocks import WARSAW
from opencus.plans.reminders import reminders_send

logger = logging.getLogger(__name__)


def next_run_at(now: dt.datetime) -> dt.datetime:
    """The first reminder hour (Warsaw) strictly after ``now``: tomorrow morning for a run at
    the usual hour; this morning for one started before it."""
    local = now.astimezone(WARSAW)
    hour = dt.time(int(settings.OPENCUS_PLAN_REMINDER_HOUR))
    moment = dt.datetime.combine(local.date(), hour, tzinfo=WARSAW)
    if moment <= local:
        moment = dt.datetime.combine(local.date() + dt.timedelta(days=1), hour, tzinfo=WARSAW)
    return moment


@task()
def plan_reminders_daily() -> int:
    """Send today's reminders, then make sure the next morning's run is queued (also when
    sending failed, so the chain of daily runs does not end)."""
    try:
        return reminders_send()
    finally:
        daily_run_schedule(at=next_run_at(timezone.now()))


def queue_available() -> bool:
    """Can the task backend hold a run for later (the database backend)?"""
    return schedule.queue_holds_later(plan_reminders_daily)


def daily_run_pending(*, by: dt.datetime | None = None) -> bool:
    """Is a daily run waiting in the queue (one due by ``by``, if given)? Only the database
    backend can tell; any other backend answers ``False``."""
    return schedule.run_waiting(plan_reminders_daily, by=by)


def daily_run_schedule(*, at: dt.datetime | None = None) -> bool:
    """Queue a daily run for ``at`` (now, if not given) unless one is already waiting (for
    ``at`` or earlier): ``True`` if this call queued it. Needs a backend that runs tasks later
    (the database backend): with another one, nothing is queued and the reminders are sent
    with ``manage.py plan_reminders --now`` (from cron, say)."""
    return schedule.run_queue_once(plan_reminders_daily, at=at, what="plan reminders")
