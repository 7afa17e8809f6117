"""The forms of the volunteer centre. The services check the rules; the forms check only that
each value is a value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.roles import Role
from opencus.volunteering.models import (
    WEEKDAYS,
    AgreementForm,
    CheckKind,
    CheckResult,
    DocumentKind,
    Skill,
)


def _date(label: Any, *, required: bool = True, help_text: Any = "", birth: bool = False) -> Any:
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text,
        example=GovukDateField.BIRTH if birth else None,
    )


def _text(label: Any, *, required: bool = True, max_length: int = 250, **kw: Any) -> Any:
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


def _area(label: Any, *, required: bool = True, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _skills() -> Any:
    return forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _coordinate(label: Any) -> Any:
    return forms.DecimalField(
        label=label, required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )


class VolunteerForm(GovukForm):
    first_name = _text(_("First name"), max_length=80)
    last_name = _text(_("Surname"), max_length=120)
    birth_date = _date(
        _("Date of birth"),
        birth=True,
        help_text=_("A minor's agreement needs the legal representative (see the agreement)."),
    )
    phone = _text(_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = _text(_("Address"), required=False)
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
    skills = _skills()
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days available"),
        choices=[(str(i), label) for i, label in enumerate(WEEKDAYS)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = _text(
        _("Availability"), required=False, help_text=_("For example: afternoons after 15:00.")
    )
    user = forms.ModelChoiceField(
        label=_("User account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("An account in the volunteer role: the volunteer logs their own hours."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            groups__name=Role.VOLUNTEER.value, is_active=True
        ).order_by("last_name", "first_name")


class AgreementCreateForm(GovukForm):
    form = forms.ChoiceField(
        label=_("Form of the agreement"),
        choices=AgreementForm.choices,
        widget=forms.RadioSelect,
        help_text=_("Over 30 days, or with no end, the agreement must be written."),
    )
    starts_on = _date(_("From"))
    ends_on = _date(
        _("Until"), required=False, help_text=_("Leave empty for an open-ended agreement.")
    )
    scope = _area(_("Scope of the work"))
    manner = _area(_("Manner of the work"), help_text=_("Where, when and how the work is done."))
    termination = _area(_("Termination clause"))
    representative_name = _text(
        _("Legal representative"),
        required=False,
        max_length=200,
        help_text=_("For a volunteer under 18: the parent or guardian."),
    )
    consent_reference = _text(
        _("Representative's written consent"),
        required=False,
        max_length=120,
        help_text=_("For a volunteer aged 13–17: the consent document's date or number."),
    )

    TERMINATION = _(
        "Either party may terminate the agreement with 7 days' notice, or at once for a serious"
        " breach of its terms, in writing."
    )


class PolicyForm(GovukForm):
    insurer = _text(_("Insurer"), max_length=120)
    number = _text(_("Policy number"), max_length=60)
    valid_from = _date(_("Valid from"))
    valid_to = _date(_("Valid until"))


class BriefingForm(GovukForm):
    held_on = _date(_("Held on"))
    held_by = _text(_("Held by"), max_length=120)


class CheckForm(GovukForm):
    kind = forms.ChoiceField(label=_("Check"), choices=CheckKind.choices, widget=forms.RadioSelect)
    checked_on = _date(_("Checked on"))
    result = forms.ChoiceField(
        label=_("Result"), choices=CheckResult.choices, widget=forms.RadioSelect
    )
    document_number = _text(_("Document number"), required=False, max_length=60)


class ClaimForm(GovukForm):
    incurred_on = _date(_("Travelled on"))
    amount = forms.DecimalField(
        label=_("Amount (PLN)"),
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    description = _text(_("What for"))


class WaiverForm(GovukForm):
    signed_on = _date(_("Signed on"))
    document_reference = _text(_("Document reference"), required=False, max_length=120)
    written = forms.BooleanField(
        label=_("The volunteer signed the waiver in writing and the centre keeps the document"),
        required=False,
    )


class OfferForm(GovukForm):
    title = _text(_("What they offer"), max_length=200)
    skills = _skills()
    with_children = forms.BooleanField(label=_("Work with children"), required=False)


class NeedForm(GovukForm):
    title = _text(_("What help is needed"), max_length=200)
    description = _area(_("Details"), required=False)
    skills = _skills()
    starts_on = _date(_("From"))
    ends_on = _date(_("Until"))
    place = _text(_("Where"))
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
    volunteers_needed = forms.IntegerField(
        label=_("Volunteers needed"), min_value=1, max_value=50, initial=1
    )
    with_children = forms.BooleanField(
        label=_("Work with children"),
        required=False,
        help_text=_("Only volunteers with clear child-protection checks can be placed."),
    )


class HoursForm(GovukForm):
    worked_on = _date(_("Day"))
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        help_text=_("In quarters of an hour, e.g. 1,5."),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    scope = _text(_("What was done"))

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if today is not None and not self.is_bound:
            self.initial.setdefault("worked_on", today)


class OpinionForm(GovukForm):
    opinion = _area(_("Opinion"), required=False)


class DocumentRequestForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("Document"), choices=DocumentKind.choices, widget=forms.RadioSelect
    )


class EndForm(GovukForm):
    ended_on = _date(_("Ends on"))
    reason = _area(_("Reason"))
