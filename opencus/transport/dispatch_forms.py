"""The dispatcher's forms: which day to see, how to optimise, where to move a ride."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm, day_in_range
from opencus.transport.models import Vehicle


class DayForm(GovukForm):
    day = GovukDateField(label=_("Day"), error_messages={"required": _("Enter the day.")})

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        day_in_range(day)
        return day


class OptimiseForm(GovukForm):
    NOW = "now"
    QUEUE = "queue"

    mode = forms.ChoiceField(
        label=_("How to optimise"),
        choices=[(NOW, _("now, for a few seconds")), (QUEUE, _("in the background"))],
        error_messages={
            "required": _("Choose how to optimise."),
            "invalid_choice": _("Choose how to optimise."),
        },
    )


class MoveForm(GovukForm):
    """Move a ride to one of the day's vehicles (those with a shift)."""

    vehicle = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Vehicle.objects.none(),
        error_messages={
            "required": _("Choose the vehicle to move the ride to."),
            "invalid_choice": _("Choose one of the day's vehicles."),
        },
    )

    def __init__(self, *args: Any, vehicles: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["vehicle"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = vehicles if vehicles is not None else Vehicle.objects.none()
