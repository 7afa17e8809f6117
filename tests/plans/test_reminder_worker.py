"""The reminders sent by the real worker (issue 10, item 6): the daily run queued with the
database backend (``manage.py plan_reminders``), run by ``manage.py db_worker``, sends each
reminder once — not again when the run is queued again and a new worker runs it.

Transactional (the worker commits its own transactions, as in production), so the file is
marked ``postgres`` and runs after the other tests (tests/conftest.py); it runs on SQLite and
on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from opencus.core.roles import Role
from opencus.plans.clocks import warsaw_today
from opencus.plans.models import PlanReminder, PlanState, ReminderKind
from opencus.plans.tasks import next_run_at, plan_reminders_daily
from tests.plans.reminder_rows import period_set, plan_make, review_date_add

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.OPENCUS_PLAN_REMINDER_DAYS = 5


@pytest.fixture(autouse=True)
def _signals_restored() -> Iterator[None]:
    # The worker installs its own SIGINT/SIGTERM handlers (a graceful stop); put pytest's back.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def worker_run() -> None:
    """A worker that runs every task due now, then stops (as one started and stopped again)."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0, stdout=StringIO()
    )


def test_the_worker_sends_each_reminder_once(make_staff: Any) -> None:
    today = warsaw_today()
    coordinator = make_staff(Role.COORDINATOR, email="koordynator@example.org")
    # Two deadlines of one active plan within the days: two reminders, two e-mails.
    ending = today + dt.timedelta(days=3)
    plan = plan_make(coordinator=coordinator, due_on=today, state=PlanState.ACTIVE)
    period_set(plan, ending - dt.timedelta(days=120), ending)
    review_date_add(plan, today + dt.timedelta(days=1))
    # A completed plan with the same deadlines gets none.
    closed = plan_make(coordinator=coordinator, due_on=today, state=PlanState.COMPLETED)
    period_set(closed, ending - dt.timedelta(days=120), ending)
    review_date_add(closed, today + dt.timedelta(days=1))

    call_command("plan_reminders", stdout=StringIO())
    worker_run()

    assert len(mail.outbox) == 2
    review_on = today + dt.timedelta(days=1)
    assert sorted(
        (plan.reference in m.subject, f"{review_on:%d.%m.%Y}" in m.subject) for m in mail.outbox
    ) == [(True, False), (True, True)]
    assert any(f"{ending:%d.%m.%Y}" in m.subject for m in mail.outbox)
    assert {m.to[0] for m in mail.outbox} == {"koordynator@example.org"}
    assert sorted(PlanReminder.objects.values_list("kind", "plan_id")) == [
        (ReminderKind.PLAN_ENDING, plan.pk),
        (ReminderKind.REVIEW_DUE, plan.pk),
    ]
    runs = DBTaskResult.objects.filter(task_path=plan_reminders_daily.module_path)
    done = runs.get(status=TaskResultStatus.SUCCESSFUL)
    assert done.return_value == 2
    # The run queued the next morning's run, which this worker did not run yet.
    waiting = runs.get(status=TaskResultStatus.READY)
    assert next_run_at(done.started_at) <= waiting.run_after <= next_run_at(done.finished_at)

    # Queued again and run by a new worker (a restart): nothing is sent twice.
    call_command("plan_reminders", stdout=StringIO())
    worker_run()
    assert len(mail.outbox) == 2
    assert PlanReminder.objects.count() == 2
    assert runs.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    assert runs.filter(status=TaskResultStatus.READY).count() == 1
