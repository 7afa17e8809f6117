"""The dispatcher's forms: which day to see, how to optimise, where to move a ride."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm
from opencus.transport.models import Vehicle

#: The days a plan can be looked for (first, last).
DAYS = (dt.date(2000, 1, 1), dt.date(2199, 12, 31))


class DayForm(GovukForm):
    day = GovukDateField(label=_("Day"), error_messages={"required": _("Enter the day.")})

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if not DAYS[0] <= day <= DAYS[1]:
            raise forms.ValidationError(
                _("Enter a day between %(first)s and %(last)s.")
                % {"first": DAYS[0].strftime("%d.%m.%Y"), "last": DAYS[1].strftime("%d.%m.%Y")},
                code="out_of_range",
            )
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
