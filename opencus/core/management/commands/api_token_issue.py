"""Issue an API key for a user: ``manage.py api_token_issue --user USERNAME --name NAME``.

The secret is printed once, on its own line on standard output (so a script can capture it);
it is not stored and cannot be shown again. Revoke keys in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opencus.core.tokens import api_token_issue


class Command(BaseCommand):
    help = "Issue an API key for a user and print its secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The user name the key acts as.")
        parser.add_argument("--name", required=True, help="What the key is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["user"]})
        except User.DoesNotExist:
            raise CommandError(
                _("There is no user %(name)s.") % {"name": options["user"]}
            ) from None
        try:
            token, secret = api_token_issue(user=user, name=options["name"], acting_user=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(
            _(
                "Key %(prefix)s… issued for %(user)s. Copy the secret below now: "
                "it is not stored and cannot be shown again."
            )
            % {"prefix": token.key_prefix, "user": user.get_username()}
        )
        self.stdout.write(secret)
