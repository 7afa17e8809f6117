"""Forms of the organisers' pages: parse and validate the input; the services decide (a round
that overlaps another or opens before it is announced, a notice already sent are refused there)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm
from opencus.intake.models import Allocation, DeliveryChannel


class RoundForm(GovukForm):
    """A new enrolment round (nabór) of one service."""

    opens_on = GovukDateField(
        label=_("The round opens on"),
        help_text=_("For example 1 3 2026."),
        error_messages={"required": _("Enter the day the round opens.")},
    )
    closes_on = GovukDateField(
        label=_("The round closes on"),
        help_text=_("Applications filed on this day still take part in the round."),
        error_messages={"required": _("Enter the day the round closes.")},
    )
    allocation = forms.ChoiceField(
        label=_("How the places are allocated"),
        choices=Allocation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the places are allocated.")},
    )
    places = forms.IntegerField(
        label=_("Places in the round"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty to give all the service's free places at allocation."),
        error_messages={
            "invalid": _("Enter the number of places as a whole number, for example 10."),
            "min_value": _("A round gives at least one place."),
            "max_value": _("Enter a smaller number of places."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "numeric"}
        )


class CapacityForm(GovukForm):
    """The number of places of a service (empty: not limited)."""

    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_(
            "Leave empty if the places are not limited. Added places go at once to the people "
            "waiting, oldest application first; fewer places take no place from anyone already "
            "qualified."
        ),
        error_messages={
            "invalid": _("Enter the number of places as a whole number, for example 40."),
            "min_value": _("The number of places cannot be negative."),
            "max_value": _("Enter a smaller number of places."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "numeric"}
        )


#: How a clerk can send a notice (e-mail goes out by itself when the person consented to it).
SENT_CHANNELS = [
    (DeliveryChannel.POST.value, DeliveryChannel.POST.label),
    (DeliveryChannel.IN_PERSON.value, DeliveryChannel.IN_PERSON.label),
    (DeliveryChannel.PHONE.value, DeliveryChannel.PHONE.label),
]


class NoticeSentForm(GovukForm):
    """One row of the notices list: how the notice was sent. Each row has its own prefix, so
    the ids on the page are unique."""

    channel = forms.ChoiceField(
        label=_("How it was sent"),
        choices=SENT_CHANNELS,
        error_messages={
            "required": _("Choose how the notice was sent."),
            "invalid_choice": _("Choose how the notice was sent."),
        },
    )

    @staticmethod
    def prefix_for(notice_pk: int) -> str:
        return f"notice-{notice_pk}"
