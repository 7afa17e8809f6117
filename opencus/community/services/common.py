"""The helpers several topics of the community services share."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from opencus.community.errors import RecordError
from opencus.community.selectors import today


def clean(text: str | None) -> str:
    return (text or "").strip()


def not_future(day: dt.date, field_name: str) -> None:
    if day > today():
        raise RecordError({field_name: _("The date cannot be in the future.")}, code="future")
