"""The forms of home visits: a request with up to three times at home, a worker with skills
and hours per weekday, opening a week, moving a visit. The services check the rules; the
forms check only that each value is a value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukForm, day_field
from opencus.core.roles import Role
from opencus.intake.models import Entitlement
from opencus.visits.models import WEEKDAYS, Skill, VisitWorker

WINDOWS = 3
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


#: The days a form accepts (first, last).
def _time(label: Any, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        widget=forms.TimeInput(
            attrs={"type": "time", "class": "govuk-input--width-5"}, format="%H:%M"
        ),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "required": _("Enter the time."),
            "invalid": _("Enter a time such as 09:30."),
        },
    )


def _coordinate(label: Any, limit: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(-limit),
        max_value=Decimal(limit),
        max_digits=9,
        decimal_places=6,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Enter a number such as 51.0412."),
            "min_value": _("Enter a number of at least %(limit_value)s."),
            "max_value": _("Enter a number of at most %(limit_value)s."),
        },
    )


class RequestForm(GovukForm):
    entitlement = forms.ModelChoiceField(
        label=_("Entitlement"),
        queryset=Entitlement.objects.none(),
        error_messages={
            "required": _("Choose the entitlement the visit is made under."),
            "invalid_choice": _("Choose one of the person's entitlements."),
        },
    )
    skill = forms.ChoiceField(
        label=_("Skill needed"),
        choices=Skill.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the skill the visit needs."),
            "invalid_choice": _("Choose the skill the visit needs."),
        },
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=480,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": _("Enter how long the visit takes."),
            "invalid": _("Enter the minutes as a whole number."),
            "min_value": _("A visit takes from 1 minute to 8 hours."),
            "max_value": _("A visit takes from 1 minute to 8 hours."),
        },
    )
    task = forms.CharField(
        label=_("What to do"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    address_label = forms.CharField(
        label=_("Another address (leave empty for the person's home)"),
        required=False,
        max_length=250,
    )
    latitude = _coordinate(_("Its latitude"), 90)
    longitude = _coordinate(_("Its longitude"), 180)

    def __init__(self, *args: Any, entitlements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["entitlement"])
        field.queryset = entitlements if entitlements is not None else Entitlement.objects.none()
        for n in range(1, WINDOWS + 1):
            first = n == 1
            self.fields[f"day_{n}"] = day_field(_("Day at home (%(n)s)") % {"n": n}, first)
            self.fields[f"from_{n}"] = _time(_("From (%(n)s)") % {"n": n}, first)
            self.fields[f"until_{n}"] = _time(_("Until (%(n)s)") % {"n": n}, first)

    def windows(self) -> list[tuple[dt.date, dt.time, dt.time]]:
        data = self.cleaned_data
        out = []
        for n in range(1, WINDOWS + 1):
            day, start, end = data.get(f"day_{n}"), data.get(f"from_{n}"), data.get(f"until_{n}")
            if day and start and end:
                out.append((day, start, end))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(2, WINDOWS + 1):
            given = [data.get(f"{k}_{n}") for k in ("day", "from", "until")]
            if any(given) and not all(given):
                self.add_error(f"day_{n}", _("Give the day, from and until of each time at home."))
        other = [data.get("address_label"), data.get("latitude"), data.get("longitude")]
        if any(v not in (None, "") for v in other) and not all(v not in (None, "") for v in other):
            self.add_error(
                "address_label",
                _("Another address needs its coordinates (latitude and longitude)."),
            )
        return data


class WorkerForm(GovukForm):
    name = forms.CharField(
        label=_("Name"), max_length=120, error_messages={"required": _("Enter the name.")}
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one skill."),
            "invalid_choice": _("Unknown skill: %(value)s."),
        },
    )
    base_label = forms.CharField(
        label=_("Home base (address)"),
        max_length=250,
        error_messages={"required": _("Enter the home base's address.")},
    )
    base_latitude = _coordinate(_("Latitude"), 90)
    base_longitude = _coordinate(_("Longitude"), 180)
    user = forms.ModelChoiceField(
        label=_("User account (home-visit staff)"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the home-visit staff's accounts.")},
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = User.objects.filter(
            groups__name=Role.VISITING_STAFF.value, is_active=True
        ).order_by("last_name", "first_name")
        for index, key in enumerate(WEEKDAY_KEYS):
            self.fields[f"{key}_from"] = _time(
                _("%(weekday)s: from") % {"weekday": WEEKDAYS[index]}, False
            )
            self.fields[f"{key}_until"] = _time(
                _("%(weekday)s: until") % {"weekday": WEEKDAYS[index]}, False
            )
        for name in ("base_latitude", "base_longitude"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Enter the home base's coordinates.")

    @classmethod
    def initial_of(cls, worker: VisitWorker) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": worker.name,
            "phone": worker.phone,
            "skills": worker.skills,
            "base_label": worker.base_label,
            "base_latitude": worker.base_latitude,
            "base_longitude": worker.base_longitude,
            "user": worker.user_id,
            "is_active": worker.is_active,
        }
        for index, key in enumerate(WEEKDAY_KEYS):
            span = worker.hours_on(index)
            if span:
                initial[f"{key}_from"], initial[f"{key}_until"] = span
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in WEEKDAY_KEYS:
            if bool(data.get(f"{key}_from")) != bool(data.get(f"{key}_until")):
                self.add_error(f"{key}_from", _("Give both the start and the end of the day."))
        return data

    def hours(self) -> list[tuple[int, dt.time, dt.time]]:
        data = self.cleaned_data
        return [
            (index, data[f"{key}_from"], data[f"{key}_until"])
            for index, key in enumerate(WEEKDAY_KEYS)
            if data.get(f"{key}_from") and data.get(f"{key}_until")
        ]

    def coordinates(self) -> tuple[Decimal, Decimal]:
        return self.cleaned_data["base_latitude"], self.cleaned_data["base_longitude"]


class WeekForm(GovukForm):
    day = day_field(_("A day of the week to plan"))


class MoveForm(GovukForm):
    worker = forms.ModelChoiceField(
        label=_("Worker"),
        queryset=VisitWorker.objects.filter(is_active=True),
        error_messages={
            "required": _("Choose the worker."),
            "invalid_choice": _("Choose one of the active workers."),
        },
    )
    day = day_field(_("Day"))
    start = _time(_("Start"))
