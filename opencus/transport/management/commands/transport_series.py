"""``manage.py transport_series [--until YYYY-MM-DD]``: book every active recurring series
ahead (each to its own number of weeks, or to ``--until``), e.g. weekly from cron or from the
dispatch task. Days that do not fit a day's plan are listed, with the reason, on stderr; they
are tried again at the next run (``opencus.transport.series``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opencus.transport.series import series_extend_all


class Command(BaseCommand):
    help = "Book the rides of every active recurring series ahead and list the days that failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--until",
            help="Book up to this day (YYYY-MM-DD) instead of each series' weeks ahead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        until = None
        if options["until"]:
            try:
                until = dt.date.fromisoformat(options["until"])
            except ValueError as error:
                raise CommandError(_("--until must be a date, YYYY-MM-DD.")) from error
        reports = series_extend_all(until=until)
        failed = 0
        for report in reports:
            for failure in report.failures:
                failed += 1
                self.stderr.write(
                    f"{report.series.person}\t{failure.day.isoformat()}\t{failure.reason}"
                )
        self.stdout.write(
            _("Series: %(series)s, rides booked: %(rides)s, days that did not fit: %(failed)s.")
            % {
                "series": len(reports),
                "rides": sum(len(report.created) for report in reports),
                "failed": failed,
            }
        )
