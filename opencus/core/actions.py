"""Running a one-button action from a view: the service's refusal becomes an error message,
success a confirmation; the view then redirects (post/redirect/get)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def run_action(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call ``action``; report its ``ValidationError`` or ``done`` as a message. True if done."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True
