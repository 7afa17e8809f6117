"""``manage.py seed_demo``: build the Starachowice demo centre (see ``opencus/demo/data.py``)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from opencus.demo.seed import seed_demo


def two_factor_notice() -> str:
    """What the demo says about two-factor authentication when it starts (``make demo`` turns
    it off for the staff roles with OPENCUS_2FA_OFF=true, explicitly and visibly)."""
    if settings.OPENCUS_2FA_OFF:
        return (
            "Two-factor authentication is OFF for the director and coordinators "
            "(OPENCUS_2FA_OFF=true, for the demo only: never set it in production). "
            "The admin account still sets up an authenticator app at its first login."
        )
    return (
        "Two-factor authentication is on: the director, the coordinators and the admin set up "
        "an authenticator app at their first login (OPENCUS_2FA_OFF=true turns it off for "
        "the staff roles in a demo)."
    )


class Command(BaseCommand):
    help = (
        "Build the demo centre of Starachowice: programmes and service cards, places, about "
        "2,000 synthetic residents with households, representatives, consents and "
        "certificates, and one login per staff role. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=2000,
            help="How many synthetic residents to create (whole households, so a few more).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set the demo password again on demo accounts that already exist.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people = options["people"]
        if people < 0:
            raise CommandError("--people must be 0 or more.")
        started = time.monotonic()
        try:
            # The demo's notices to synthetic residents must never reach a real mail server,
            # whatever EMAIL_URL says: they are "sent" into memory and dropped.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = seed_demo(
                    people=people,
                    reset_passwords=options["reset_passwords"],
                    today=timezone.localdate(),
                )
        except ValidationError as error:
            raise CommandError(
                f"The demo password is rejected: {' '.join(error.messages)}"
            ) from error
        if options["verbosity"] == 0:
            return
        self.stdout.write(two_factor_notice())
        elapsed = time.monotonic() - started
        created = ", ".join(f"{label} {n}" for label, n in sorted(result.created.items()) if n)
        updated = ", ".join(f"{label} {n}" for label, n in sorted(result.updated.items()) if n)
        self.stdout.write(f"Demo centre ready in {elapsed:.1f} s.")
        self.stdout.write(f"Created: {created or 'nothing (already there)'}.")
        if updated:
            self.stdout.write(f"Updated: {updated}.")
        self.stdout.write("OSL communities:")
        for name, kind, size in result.communities:
            self.stdout.write(f"  {name} ({kind}): {size} residents")
        self.stdout.write("Logins (username / password):")
        width = max(len(username) for username, _ in result.logins)
        for username, password in result.logins:
            self.stdout.write(f"  {username:<{width}}  {password}")
