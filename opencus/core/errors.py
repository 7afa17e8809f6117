"""The base of every refusal (design.md, "core.DomainError").

A service that refuses a change raises a subclass of ``DomainError`` declared in its own app's
``errors.py``, and changes nothing. The error carries:

- a message for the user, in their language (a text, or per field: ``{"reason": "…"}``);
- a stable machine ``code`` (``not_eligible``, ``allowance``, ``stale``…) that the API returns
  and tests assert, so the wording may change freely;
- optional ``reasons`` (each failed condition, in words) and ``params`` (the numbers and names
  the message was written from).

It subclasses Django's ``ValidationError``, so a form shows it in its error summary through
``core.forms.form_add_domain_error``, and one handler (``core.api``) turns it into a 409.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule refused the change; the message is for the user. Nothing changed."""

    #: The code when a subclass raises without naming one.
    default_code = "refused"

    def __init__(
        self,
        message: Any,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        *,
        reasons: Iterable[Any] = (),
    ) -> None:
        code = code or self.default_code
        if isinstance(message, Mapping):
            # A message keyed by field keeps the code on each field's error too: Django's
            # ValidationError would otherwise drop it (and its params, which fill the message).
            message = {
                field: text
                if isinstance(text, ValidationError)
                else ValidationError(text, code, dict(params) if params else None)
                for field, text in message.items()
            }
        super().__init__(message, code, dict(params) if params else None)
        # ValidationError sets these only for a single message; a refusal always has them.
        self.code = code
        self.params = dict(params) if params else None
        self.reasons: tuple[str, ...] = tuple(str(reason) for reason in reasons)

    @property
    def text(self) -> str:
        """The whole message as one line, for a flash message or the API's ``detail``."""
        return " ".join(str(message) for message in self.messages)

    @property
    def fields(self) -> dict[str, list[str]]:
        """For a refusal tied to fields: each field's words."""
        if not hasattr(self, "error_dict"):
            return {}
        return {name: [str(m) for m in messages] for name, messages in self.message_dict.items()}
