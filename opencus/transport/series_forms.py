"""The forms of recurring rides (a series, its days without rides, its end) and of the
organiser's booking rules and quotas. Forms parse; the services in ``series`` decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import Period
from opencus.core.forms import GovukDateField, GovukForm
from opencus.intake.models import Entitlement
from opencus.people.models import DisabilityLevel
from opencus.transport.models import (
    Booker,
    DestinationKind,
    Place,
    QuotaCounts,
    TransportRules,
)
from opencus.transport.series import MAX_WEEKS_AHEAD, Endpoint

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

#: The choice of the person's own address among the ends of a ride.
HOME = "home"
#: The choice of any other address, typed with its coordinates.
OTHER = "other"


def time_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text or _("Hours and minutes, for example 08:00."),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "invalid": _("Enter a time as hours and minutes, for example 08:00."),
            "required": _("Enter a time."),
        },
    )


def weekday_field(label: Any, help_text: Any = "") -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one day of the week."),
            "invalid_choice": _("Days of the week are numbers from 0 (Monday) to 6 (Sunday)."),
        },
    )


class SeriesForm(GovukForm):
    """Recurring rides of one person: under which entitlement, on which days, at what times,
    from where to where, who rides along, from when and how many weeks ahead to book."""

    entitlement = forms.ModelChoiceField(
        label=_("Entitlement"),
        queryset=Entitlement.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the entitlement to the senior taxi.")},
    )
    weekdays = weekday_field(_("Days of the week"))
    outbound_time = time_field(_("Pick up at"))
    return_time = time_field(
        _("Return pick-up at"),
        required=False,
        help_text=_("Leave empty for rides one way only. Hours and minutes, e.g. 15:30."),
    )
    origin = forms.ChoiceField(label=_("From"))
    destination = forms.ChoiceField(label=_("To"))
    other_address = forms.CharField(
        label=_("Other address"),
        required=False,
        max_length=250,
        help_text=_("Only when you chose “another address” above."),
    )
    other_latitude = forms.DecimalField(
        label=_("Its latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    other_longitude = forms.DecimalField(
        label=_("Its longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
    )
    destination_kind = forms.ChoiceField(
        label=_("Kind of destination"), choices=DestinationKind.choices
    )
    wheelchair = forms.BooleanField(label=_("Travels in a wheelchair"), required=False)
    companions = forms.IntegerField(
        label=_("Companions"),
        min_value=0,
        max_value=5,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    assistant = forms.BooleanField(label=_("With an assistant"), required=False)
    guide_dog = forms.BooleanField(label=_("With a guide or assistance dog"), required=False)
    starts_on = GovukDateField(label=_("First day of the rides"))
    ends_on = GovukDateField(
        label=_("Last day of the rides"),
        required=False,
        help_text=_("Leave empty for no end date."),
    )
    weeks_ahead = forms.IntegerField(
        label=_("Book this many weeks ahead"),
        min_value=1,
        max_value=MAX_WEEKS_AHEAD,
        initial=4,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )

    def __init__(self, *args: Any, person: Any, entitlements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        cast(forms.ModelChoiceField, self.fields["entitlement"]).queryset = entitlements
        places = list(Place.objects.filter(is_active=True, is_frequent=True).order_by("name"))
        self.places = {str(place.pk): place for place in places}
        ends: list[tuple[str, Any]] = [
            (HOME, _("Home: %(address)s") % {"address": person.address_line or "—"})
        ]
        ends += [(str(place.pk), place.name) for place in places]
        ends.append((OTHER, _("Another address (type it below)")))
        cast(forms.ChoiceField, self.fields["origin"]).choices = ends
        cast(forms.ChoiceField, self.fields["destination"]).choices = ends
        self.fields["origin"].initial = HOME

    def endpoint(self, choice: str) -> Endpoint:
        if choice == HOME:
            return Endpoint.of_person(self.person)
        if choice == OTHER:
            data = self.cleaned_data
            return Endpoint(
                data.get("other_address") or "", data["other_latitude"], data["other_longitude"]
            )
        return Endpoint.of_place(self.places[choice])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        origin, destination = data.get("origin"), data.get("destination")
        if origin and origin == destination:
            self.add_error("destination", _("The ride must go somewhere else than it starts."))
        if OTHER in (origin, destination):
            if not data.get("other_address"):
                self.add_error("other_address", _("Type the other address."))
            if data.get("other_latitude") is None or data.get("other_longitude") is None:
                self.add_error(
                    "other_latitude",
                    _("Give the other address's coordinates, or choose a frequent place."),
                )
        return data


class ExceptionForm(GovukForm):
    """Days without rides: a week away, a stay in hospital."""

    starts_on = GovukDateField(label=_("First day without rides"))
    ends_on = GovukDateField(label=_("Last day without rides"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": _("Write why there are no rides.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return data


class RulesForm(GovukForm):
    """The booking rules of a transport service, as the organiser writes them."""

    book_min_working_days = forms.IntegerField(
        label=_("Book at least this many working days ahead"), min_value=0, max_value=30
    )
    book_cutoff = time_field(
        _("By this hour"),
        help_text=_("A booking made after this hour counts from the next working day. E.g. 14:00."),
    )
    book_max_months = forms.IntegerField(
        label=_("Book at most this many months ahead"), min_value=1, max_value=12
    )
    cancel_working_days = forms.IntegerField(
        label=_("Cancel at least this many working days before the ride"),
        min_value=0,
        max_value=30,
    )
    cancel_cutoff = time_field(_("By this hour on that day"))
    service_weekdays = weekday_field(_("Days of service"))
    serves_holidays = forms.BooleanField(label=_("Runs on public holidays"), required=False)
    service_starts = time_field(_("Service from"))
    service_ends = time_field(_("Service until"))
    pickup_window_minutes = forms.IntegerField(
        label=_("Pickup window (minutes)"), min_value=5, max_value=180
    )
    max_ride_extra_minutes = forms.IntegerField(
        label=_("Longest detour (minutes over the direct ride)"), min_value=0, max_value=180
    )
    boarding_minutes = forms.IntegerField(
        label=_("Boarding time (minutes)"), min_value=0, max_value=60
    )
    wheelchair_boarding_minutes = forms.IntegerField(
        label=_("Boarding time with a wheelchair (minutes)"), min_value=0, max_value=60
    )
    min_age = forms.IntegerField(
        label=_("Eligible from age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Leave empty: any age."),
    )
    min_disability_level = forms.ChoiceField(
        label=_("Or with a disability of at least"),
        required=False,
        choices=[("", _("— not a condition —")), *DisabilityLevel.choices],
    )
    dependency_qualifies = forms.BooleanField(
        label=_("Or dependent on others by the assessment"), required=False
    )
    excludes_bed_bound = forms.BooleanField(label=_("Not for bed-bound passengers"), required=False)
    companion_allowed = forms.BooleanField(label=_("A companion may ride along"), required=False)
    companion_min_age = forms.IntegerField(
        label=_("Companion's minimum age"), min_value=0, max_value=30
    )
    max_companions = forms.IntegerField(label=_("At most companions"), min_value=0, max_value=5)
    assistant_allowed = forms.BooleanField(label=_("An assistant may ride along"), required=False)
    guide_dog_allowed = forms.BooleanField(
        label=_("A guide or assistance dog may ride"), required=False
    )
    wheelchair_allowed = forms.BooleanField(label=_("Wheelchair users are carried"), required=False)
    destination_kinds = forms.MultipleChoiceField(
        label=_("Allowed kinds of destination"),
        help_text=_("Other destinations need an official's approval."),
        choices=DestinationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose kinds of destination from the list.")},
    )
    bookers = forms.MultipleChoiceField(
        label=_("Who may book"),
        choices=Booker.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one who may book."),
            "invalid_choice": _("Choose who may book from the list."),
        },
    )
    offence_limit = forms.IntegerField(
        label=_("Late cancellations and no-shows a month before approval is needed"),
        min_value=1,
        max_value=31,
    )

    @classmethod
    def initial_of(cls, rules: TransportRules) -> dict[str, Any]:
        return {name: getattr(rules, name) for name in cls.base_fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("service_starts"), data.get("service_ends")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("service_ends", _("The service must end later than it starts."))
        if data.get("min_age") is None:
            data["min_age"] = None
        return data


class QuotaForm(GovukForm):
    """One more limit: at most so many rides a period, counting legs or round trips."""

    units = forms.IntegerField(
        label=_("At most"),
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    period = forms.ChoiceField(label=_("Per"), choices=Period.choices)
    counts = forms.ChoiceField(
        label=_("Counting"), choices=QuotaCounts.choices, widget=forms.RadioSelect
    )
