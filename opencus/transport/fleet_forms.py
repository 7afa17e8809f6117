"""The dispatcher's forms for the fleet: vehicles, their days out of service, drivers and
shifts. They only parse; the services in ``manifests`` decide (``FleetError``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm, GovukModelForm, day_in_range
from opencus.core.roles import Role
from opencus.transport.models import Driver, Place, Vehicle

TIME_FORMATS = ["%H:%M", "%H.%M", "%H"]


class VehicleForm(GovukModelForm):
    class Meta:
        model = Vehicle
        fields = [
            "name",
            "registration",
            "seats",
            "wheelchair_places",
            "depot",
            "provider",
            "is_active",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["depot"].queryset = Place.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["seats"].widget.attrs.update({"class": "govuk-input--width-3"})
        self.fields["wheelchair_places"].widget.attrs.update({"class": "govuk-input--width-3"})
        self.fields["seats"].error_messages["min_value"] = _(
            "A vehicle has at least one passenger seat."
        )


class UnavailabilityForm(GovukForm):
    starts_on = GovukDateField(label=_("Out of service from"))
    ends_on = GovukDateField(label=_("Until (the last day out of service)"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: a repair, the annual inspection."),
        error_messages={"required": _("Write why the vehicle is out of service.")},
    )


class DriverForm(GovukModelForm):
    class Meta:
        model = Driver
        fields = ["name", "phone", "user", "provider", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        user.queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(groups__name=Role.DRIVER.value, is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        user.help_text = _(
            "The account the driver signs in with to see their manifest (in the driver role)."
        )
        user.label_from_instance = _account_label  # type: ignore[attr-defined]


def _account_label(user: Any) -> str:
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else str(user.get_username())


class ShiftForm(GovukForm):
    vehicle = forms.ModelChoiceField(
        label=_("Vehicle"),
        queryset=Vehicle.objects.filter(is_active=True),
        error_messages={"required": _("Choose the vehicle.")},
    )
    driver = forms.ModelChoiceField(
        label=_("Driver"),
        queryset=Driver.objects.filter(is_active=True),
        required=False,
        help_text=_("Leave empty if not known yet."),
    )
    day = GovukDateField(label=_("Day"), error_messages={"required": _("Enter the day.")})
    starts_at = forms.TimeField(
        label=_("From"),
        input_formats=TIME_FORMATS,
        help_text=_("For example 7:00"),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter when the shift starts."),
            "invalid": _("Enter a time such as 7:00 or 15:30."),
        },
    )
    ends_at = forms.TimeField(
        label=_("Until"),
        input_formats=TIME_FORMATS,
        help_text=_("For example 15:00"),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter when the shift ends."),
            "invalid": _("Enter a time such as 7:00 or 15:30."),
        },
    )


class WeekForm(GovukForm):
    """The week the shifts page shows: any day of it (ISO date, e.g. from the arrows)."""

    od = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def clean_od(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("od")
        if day is not None:
            day_in_range(day)
        return day

    def monday(self, today: dt.date) -> dt.date:
        day = self.cleaned_data.get("od") if self.is_valid() else None
        day = day or today
        return day - dt.timedelta(days=day.weekday())
