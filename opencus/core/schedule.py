"""Daily background runs that queue their next run (the plans' reminders, the senior taxi's
optimisation, the vouchers' expiry): is one waiting, and queue one unless one is.

Only the database backend of django-tasks can hold a run for later and tell what waits; with
another backend nothing is queued (the apps' management commands run the work at once)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from opencus.core.locks import named_lock

logger = logging.getLogger(__name__)


def queue_holds_later(task: Any) -> bool:
    """Can ``task``'s backend hold a run for later (the database backend)?"""
    return isinstance(task.get_backend(), DatabaseBackend)


def run_waiting(task: Any, *, by: dt.datetime | None = None) -> bool:
    """Is a run of ``task`` waiting in the queue (one due by ``by``, if given)? Any backend but
    the database one answers ``False``."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, backend_name=backend.alias, status=TaskResultStatus.READY
    )
    if by is not None:
        # A run queued to run at once is stored with the latest possible date.
        waiting = waiting.filter(Q(run_after=get_date_max()) | Q(run_after__lte=by))
    return waiting.exists()


def run_queue_once(task: Any, *, at: dt.datetime | None, what: str) -> bool:
    """Queue a run of ``task`` for ``at`` (now, if not given) unless one is already waiting
    (for ``at`` or earlier): ``True`` if this call queued it. Two processes starting at once
    (the server and the worker, say) queue one run (``named_lock``). ``what`` names the run in
    the log when the backend cannot queue."""
    if not queue_holds_later(task):
        logger.warning("%s: the task backend cannot run tasks later; none queued", what)
        return False
    with named_lock(f"{task.module_path}.schedule"):
        if run_waiting(task, by=at or timezone.now()):
            return False
        (task.using(run_after=at) if at else task).enqueue()
    return True
