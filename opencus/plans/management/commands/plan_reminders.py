"""Reminders to plan coordinators: ``manage.py plan_reminders`` queues the daily run.

- ``plan_reminders`` queues a run now, unless one is already waiting; the worker
  (``manage.py db_worker``) sends the reminders due today and queues the next morning's run,
  and so on every day. Run it once when the worker is first started (``make demo`` does it at
  every start: a second call queues nothing more).
- ``plan_reminders --now`` sends today's reminders here and now, without the queue (e.g. from
  cron where no worker runs).
- ``plan_reminders --dry-run`` lists the reminders due today and sends nothing.

Each reminder is sent once, however many runs there are (``opencus.plans.reminders``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opencus.core.formatting import day_text
from opencus.plans.clocks import warsaw_today
from opencus.plans.reminders import reminders_due, reminders_send
from opencus.plans.tasks import daily_run_schedule, queue_available


class Command(BaseCommand):
    help = "Queue the daily run that e-mails reminders to plan coordinators (or send them now)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--now", action="store_true", help="Send today's reminders now, without the queue."
        )
        group.add_argument(
            "--dry-run",
            action="store_true",
            help="List the reminders due today; send nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = reminders_due(warsaw_today())
            for reminder in due:
                self.stdout.write(
                    f"{reminder.kind}\t{reminder.plan.reference}\t"
                    f"{day_text(reminder.deadline)}\t{reminder.recipient.get_username()}"
                )
            self.stderr.write(_("Reminders due today: %(count)s.") % {"count": len(due)})
        elif options["now"]:
            sent = reminders_send(warsaw_today())
            self.stdout.write(_("Reminders sent: %(count)s.") % {"count": sent})
        elif daily_run_schedule():
            self.stdout.write(
                _(
                    "The daily run of plan reminders is queued; the worker (manage.py "
                    "db_worker) sends them."
                )
            )
        elif not queue_available():
            raise CommandError(
                _(
                    "The task backend cannot queue work for later: use "
                    "manage.py plan_reminders --now instead."
                )
            )
        else:
            self.stdout.write(_("A run of plan reminders is already waiting in the queue."))
