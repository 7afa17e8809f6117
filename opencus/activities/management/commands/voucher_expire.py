"""``manage.py voucher_expire``: queue the nightly expiry of unredeemed vouchers (once: a run
already waiting is not queued again); ``--now`` expires them at once, without the queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opencus.activities.voucher_services import vouchers_expire
from opencus.activities.voucher_tasks import daily_run_schedule


class Command(BaseCommand):
    help = "Queue the nightly expiry of unredeemed vouchers (--now: expire them at once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Expire now, without the queue.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"Vouchers expired: {vouchers_expire()}")
            return
        queued = daily_run_schedule()
        self.stdout.write("Voucher expiry queued." if queued else "Voucher expiry already queued.")
