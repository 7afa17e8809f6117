"""The vouchers' background work, through Django's tasks API (the django-tasks backport with
the database backend, as ``opencus.plans.tasks``): ``voucher_expire_daily`` expires the
vouchers not redeemed in time (``voucher_services.vouchers_expire``), so they return to the
pool, then queues itself for the next night at ``EXPIRY_HOUR`` (Europe/Warsaw) unless a run is
already waiting: one chain of daily runs goes on however often the first run is queued
(``manage.py voucher_expire``, which the demo server calls at every start)."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.utils import timezone
from django_tasks import task

from opencus.activities.voucher_services import vouchers_expire
from opencus.core import schedule

logger = logging.getLogger(__name__)

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
#: A voucher is valid through its last day: the run just after midnight expires yesterday's.
EXPIRY_HOUR = 1


def next_run_at(now: dt.datetime) -> dt.datetime:
    """The first expiry hour (Warsaw) strictly after ``now``."""
    local = now.astimezone(WARSAW)
    moment = dt.datetime.combine(local.date(), dt.time(EXPIRY_HOUR), tzinfo=WARSAW)
    if moment <= local:
        moment = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), dt.time(EXPIRY_HOUR), tzinfo=WARSAW
        )
    return moment


@task()
def voucher_expire_daily() -> int:
    """Expire the vouchers past their last day, then make sure the next night's run is queued
    (also when expiring failed, so the chain does not end). Returns how many expired."""
    try:
        return vouchers_expire()
    finally:
        daily_run_schedule(at=next_run_at(timezone.now()))


def queue_available() -> bool:
    return schedule.queue_holds_later(voucher_expire_daily)


def daily_run_pending(*, by: dt.datetime | None = None) -> bool:
    """Is a daily run waiting in the queue (one due by ``by``, if given)?"""
    return schedule.run_waiting(voucher_expire_daily, by=by)


def daily_run_schedule(*, at: dt.datetime | None = None) -> bool:
    """Queue a daily run for ``at`` (now, if not given) unless one is already waiting: ``True``
    if this call queued it."""
    return schedule.run_queue_once(voucher_expire_daily, at=at, what="voucher expiry")
