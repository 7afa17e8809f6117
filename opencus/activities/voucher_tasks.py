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

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from opencus.activities.voucher_services import vouchers_expire
from opencus.core.locks import named_lock

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
    return isinstance(voucher_expire_daily.get_backend(), DatabaseBackend)


def daily_run_pending(*, by: dt.datetime | None = None) -> bool:
    """Is a daily run waiting in the queue (one due by ``by``, if given)?"""
    backend = voucher_expire_daily.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=voucher_expire_daily.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    )
    if by is not None:
        waiting = waiting.filter(Q(run_after=get_date_max()) | Q(run_after__lte=by))
    return waiting.exists()


def daily_run_schedule(*, at: dt.datetime | None = None) -> bool:
    """Queue a daily run for ``at`` (now, if not given) unless one is already waiting: ``True``
    if this call queued it."""
    if not queue_available():
        logger.warning("voucher expiry: the task backend cannot run tasks later; none queued")
        return False
    with named_lock("voucher_expire_daily.schedule"):
        if daily_run_pending(by=at or timezone.now()):
            return False
        (voucher_expire_daily.using(run_after=at) if at else voucher_expire_daily).enqueue()
    return True
