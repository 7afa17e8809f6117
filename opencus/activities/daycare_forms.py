"""The Senior+ day home's and club's forms: opening hours, admission, leaving, one register
line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Weekday
from opencus.core.forms import GovukDateField, GovukForm


class HoursForm(GovukForm):
    """Opening and closing times for each weekday; both empty: closed that day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"opens_{day.value}"] = forms.TimeField(
                label=_("%(day)s: opens at") % {"day": day.label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"closes_{day.value}"] = forms.TimeField(
                label=_("%(day)s: closes at") % {"day": day.label},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in Weekday:
            opens, closes = data.get(f"opens_{day.value}"), data.get(f"closes_{day.value}")
            if (opens is None) != (closes is None):
                self.add_error(
                    f"closes_{day.value}" if closes is None else f"opens_{day.value}",
                    _("%(day)s: enter both times, or neither when closed.") % {"day": day.label},
                )
        return data

    def hours(self) -> dict[int, tuple[dt.time, dt.time] | None]:
        data = self.cleaned_data
        result: dict[int, tuple[dt.time, dt.time] | None] = {}
        for day in Weekday:
            opens, closes = data.get(f"opens_{day.value}"), data.get(f"closes_{day.value}")
            result[day.value] = (opens, closes) if opens and closes else None
        return result


class AdmitForm(GovukForm):
    pesel = forms.CharField(
        label=_("PESEL of the person"),
        max_length=11,
        min_length=11,
        error_messages={"required": _("Enter the person's PESEL.")},
    )
    starts_on = GovukDateField(label=_("Member from"))
    basis_reference = forms.CharField(
        label=_("Decision number or declaration date"), max_length=80, required=False
    )


class LeaveForm(GovukForm):
    ends_on = GovukDateField(label=_("Last day as a member"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reason.")},
    )
