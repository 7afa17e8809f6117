"""Running a one-button action from a view: the service's refusal becomes an error message,
success a confirmation; the view then redirects (post/redirect/get). And the page that asks
first: a step that cannot simply be undone shows what it will do before it is done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def run_action(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call ``action``; report its ``ValidationError`` or ``done`` as a message. True if done."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


def confirm_page(
    request: HttpRequest,
    template: str,
    *,
    title: str,
    button: str,
    back_url: str,
    warning: str = "",
    form: Any = None,
    caption: str = "",
    can_confirm: bool = True,
    **context: Any,
) -> HttpResponse:
    """The confirmation page of a one-way step (``template`` extends ``core/confirm.html``
    and says, in its ``what_happens`` block, what will happen): a GET shows it, the view does
    the step on a POST of the form (with its reason, where one is needed). A form with errors
    answers 400."""
    return render(
        request,
        template,
        {
            "confirm_title": title,
            "button": button,
            "back_url": back_url,
            "warning": warning,
            "form": form,
            "caption": caption,
            "can_confirm": can_confirm,
            **context,
        },
        status=400 if form is not None and form.errors else 200,
    )
