"""Forms of the centre's delivery pages."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukForm

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthForm(GovukForm):
    """The month of a report, ``?month=2026-11``. A value that names no month (``2026-13``,
    ``listopad``) is refused with a message, never replaced by another month."""

    month = forms.CharField(
        label=_("Month"),
        help_text=_("For example 2026-11"),
        widget=forms.TextInput(attrs={"type": "month", "class": "govuk-input--width-10"}),
    )

    def clean_month(self) -> dt.date:
        value = self.cleaned_data["month"].strip()
        found = _MONTH.fullmatch(value)
        if not found or not 1 <= int(found[2]) <= 12 or not 2000 <= int(found[1]) <= 2999:
            raise ValidationError(
                _("Enter a year and a month from 01 to 12, for example 2026-11."), code="month"
            )
        return dt.date(int(found[1]), int(found[2]), 1)


class ApproveForm(GovukForm):
    """The total the approver was shown: the service approves that amount or nothing."""

    total = forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.HiddenInput)
