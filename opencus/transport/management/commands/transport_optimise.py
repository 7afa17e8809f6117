"""Re-optimise the senior taxi's plans: ``manage.py transport_optimise``.

- ``transport_optimise`` re-optimises the coming days here and now (from tomorrow to the next
  working day, leaving published plans alone), for ``OPENCUS_TRANSPORT_OPTIMISE_SECONDS`` each;
- ``--day YYYY-MM-DD`` re-optimises that day only; ``--seconds S`` sets the time per day;
- ``--queue`` leaves the work to the worker (``manage.py db_worker``): with ``--day``, one run
  of that day; without, the daily run (now, then every day at
  ``OPENCUS_TRANSPORT_OPTIMISE_HOUR``; a run already waiting is not queued again — ``make
  demo`` calls it at every start).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from opencus.transport import clocks
from opencus.transport.dispatch import plan_optimise
from opencus.transport.errors import DispatchError
from opencus.transport.tasks import (
    daily_run_schedule,
    day_run_queue,
    days_to_optimise,
    queue_available,
)


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("Give the day as YYYY-MM-DD, for example 2027-03-10.")) from error


class Command(BaseCommand):
    help = "Re-optimise the senior taxi's plans for the coming days (or one day), or queue it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=_day, help="The day to optimise (YYYY-MM-DD).")
        parser.add_argument("--seconds", type=float, help="Seconds of optimisation per day.")
        parser.add_argument(
            "--queue", action="store_true", help="Queue the work for the background worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["seconds"] or float(settings.OPENCUS_TRANSPORT_OPTIMISE_SECONDS)
        if seconds <= 0:
            raise CommandError(_("The number of seconds must be above 0."))
        day: dt.date | None = options["day"]
        if options["queue"]:
            if not queue_available():
                raise CommandError(
                    _("The task backend cannot queue work: run the command without --queue.")
                )
            queued = day_run_queue(day, seconds) if day is not None else daily_run_schedule()
            self.stdout.write(
                _("Queued; the worker (manage.py db_worker) runs it.")
                if queued
                else _("A run is already waiting in the queue.")
            )
            return
        days = [day] if day else days_to_optimise(timezone.localdate(timezone.now(), clocks.WARSAW))
        for one in days:
            try:
                plan = plan_optimise(one, seconds=seconds, note="command")
            except DispatchError as error:
                self.stderr.write(f"{one.isoformat()}: {' '.join(error.messages)}")
                continue
            self.stdout.write(
                _("%(day)s: %(served)s rides planned, %(unserved)s do not fit, %(km)s km.")
                % {
                    "day": one.isoformat(),
                    "served": plan.stops.count() // 2,
                    "unserved": len(plan.unserved),
                    "km": plan.cost_km,
                }
            )
        if not days:
            self.stdout.write(_("No plan to optimise."))
