"""The forms of booking a senior taxi ride during a phone call: the ride (who, from where, to
where, when, with whom, who booked) and the choice of a cancellation's scope."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm
from opencus.intake.models import Entitlement
from opencus.people.models import Person
from opencus.transport.models import Booker, DestinationKind, Place, TimeMode

HOME = "home"
OTHER = "other"
TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def time_parse(value: str) -> dt.time | None:
    """``8:00``, ``08.30`` → a time; anything else → ``None``."""
    match = TIME.match(value or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeText(forms.CharField):
    """A time of day typed as 8:00 or 08.30."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.time | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = time_parse(text)
        if parsed is None:
            raise forms.ValidationError(_("Enter a time such as 8:00 or 14:30."), code="time")
        return parsed


def _coordinate(value: str, low: int, high: int) -> Decimal | None:
    try:
        number = Decimal((value or "").strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return number.quantize(Decimal("0.000001"))


class RideForm(GovukForm):
    """What the clerk asks on the phone. The pickup and the destination are the person's
    address (when it has coordinates), a frequent place, or another address typed with its
    coordinates."""

    entitlement = forms.ModelChoiceField(
        label=_("Service"), queryset=Entitlement.objects.none(), empty_label=None
    )
    pickup = forms.ChoiceField(label=_("Pick up from"), widget=forms.RadioSelect)
    pickup_label = forms.CharField(label=_("Other pickup address"), required=False, max_length=250)
    pickup_latitude = forms.CharField(label=_("Pickup latitude"), required=False, max_length=12)
    pickup_longitude = forms.CharField(label=_("Pickup longitude"), required=False, max_length=12)
    destination = forms.ChoiceField(label=_("Destination"), widget=forms.RadioSelect)
    destination_label = forms.CharField(
        label=_("Other destination address"), required=False, max_length=250
    )
    destination_latitude = forms.CharField(
        label=_("Destination latitude"), required=False, max_length=12
    )
    destination_longitude = forms.CharField(
        label=_("Destination longitude"), required=False, max_length=12
    )
    destination_kind = forms.ChoiceField(
        label=_("Kind of destination"),
        choices=DestinationKind.choices,
        required=False,
        help_text=_("For another address; a frequent place has its own kind."),
    )
    day = GovukDateField(label=_("Day of the ride"))
    time_mode = forms.ChoiceField(
        label=_("Time"), choices=TimeMode.choices, initial=TimeMode.PICKUP, widget=forms.RadioSelect
    )
    time = TimeText(
        label=_("Desired pickup time, or the appointment time to arrive by"),
        help_text=_("For example 8:00"),
    )
    return_time = TimeText(
        label=_("Return ride: desired pickup time"),
        required=False,
        help_text=_("Leave empty for a one-way ride."),
    )
    wheelchair = forms.BooleanField(label=_("Travels in a wheelchair"), required=False)
    companion_ages = forms.CharField(
        label=_("Companions' ages"),
        required=False,
        max_length=40,
        help_text=_("One age per companion, separated by commas, for example 45, 17."),
    )
    assistant = forms.BooleanField(label=_("With an assistant"), required=False)
    guide_dog = forms.BooleanField(label=_("With a guide or assistance dog"), required=False)
    bed_bound = forms.BooleanField(label=_("The passenger is bed-bound"), required=False)
    dependency_confirmed = forms.BooleanField(
        label=_("Dependency confirmed by the assessment"), required=False
    )
    booked_by = forms.ChoiceField(
        label=_("Who is booking"),
        choices=Booker.choices,
        initial=Booker.PERSON,
        widget=forms.RadioSelect,
    )
    booker_name = forms.CharField(label=_("Booker's name"), required=False, max_length=120)
    booker_phone = forms.CharField(label=_("Booker's phone"), required=False, max_length=30)
    note = forms.CharField(
        label=_("Note for the driver"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(
        self, *args: Any, person: Person, places: list[Place], user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.user = user
        self.places = {str(place.pk): place for place in places}
        entitlements = Entitlement.objects.filter(
            person=person, status="active", service__transport_rules__isnull=False
        ).select_related("service")
        cast(forms.ModelChoiceField, self.fields["entitlement"]).queryset = entitlements
        first = entitlements.first()
        if first is not None:
            self.fields["entitlement"].initial = first.pk
        choices: list[tuple[str, str]] = []
        if person.latitude is not None and person.longitude is not None:
            choices.append((HOME, str(_("Home: %(address)s")) % {"address": self.home_label}))
        choices += [(f"place:{pk}", place.name) for pk, place in self.places.items()]
        choices.append((OTHER, str(_("Another address (with its coordinates)"))))
        for name in ("pickup", "destination"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        if choices[0][0] == HOME:
            self.fields["pickup"].initial = HOME

    @property
    def home_label(self) -> str:
        return ", ".join(p for p in (self.person.street_line, self.person.locality) if p)

    def _endpoint(self, which: str) -> dict[str, Any] | None:
        data = self.cleaned_data
        choice = data.get(which, "")
        if choice == HOME:
            return {
                "label": self.home_label,
                "latitude": self.person.latitude,
                "longitude": self.person.longitude,
                "place": None,
                "kind": DestinationKind.HOME,
            }
        if choice.startswith("place:") and choice[6:] in self.places:
            place = self.places[choice[6:]]
            return {
                "label": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "place": place,
                "kind": place.kind,
            }
        if choice != OTHER:
            return None
        label = (data.get(f"{which}_label") or "").strip()
        if not label:
            self.add_error(f"{which}_label", _("Enter the address."))
            return None
        latitude = _coordinate(data.get(f"{which}_latitude", ""), -90, 90)
        longitude = _coordinate(data.get(f"{which}_longitude", ""), -180, 180)
        if latitude is None or longitude is None:
            self.add_error(
                f"{which}_latitude",
                _(
                    "An address without coordinates cannot be planned: enter its latitude and"
                    " longitude, for example 51.0452 and 21.0731."
                ),
            )
            return None
        kind = data.get("destination_kind") or DestinationKind.OTHER
        return {
            "label": label,
            "latitude": latitude,
            "longitude": longitude,
            "place": None,
            "kind": kind if which == "destination" else DestinationKind.OTHER,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("companion_ages") or "").strip()
        ages: list[int] = []
        if text:
            parts = [p for p in re.split(r"[,;\s]+", text) if p]
            if not all(re.fullmatch(r"[0-9]{1,3}", p) and 0 < int(p) < 120 for p in parts):
                self.add_error(
                    "companion_ages",
                    _("Give each companion's age as a number, for example 45, 17."),
                )
            else:
                ages = [int(p) for p in parts]
        data["ages"] = tuple(ages)
        data["origin"] = self._endpoint("pickup")
        data["target"] = self._endpoint("destination")
        return data


class ChoiceForm(GovukForm):
    """The windows chosen among those offered (start times as HH:MM)."""

    window = forms.CharField(required=False, max_length=5)
    return_window = forms.CharField(required=False, max_length=5)


class CancelForm(GovukForm):
    cancel_return = forms.BooleanField(
        label=_("Cancel the return ride too"), required=False, initial=True
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefuseForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the refusal.")},
    )
