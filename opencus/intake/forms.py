"""Forms of the intake pages: parse and validate; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.forms import GovukDateField, GovukForm
from opencus.intake.models import AssessmentPlace, Channel, FiledBy
from opencus.intake.selectors import services_open_for_applications
from opencus.people.models import Person, Representative
from opencus.providers.models import Provider


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.representative.full_name} ({obj.get_kind_display()})"


class ApplicationForm(GovukForm):
    services = ServiceChoiceField(
        label=_("Services requested"),
        queryset=ProgrammeService.objects.none(),  # set per request: "current" is today
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    channel = forms.ChoiceField(
        label=_("How the application came in"),
        # An application "through an individual plan" is filed by the plan's approval only.
        choices=[(value, label) for value, label in Channel.choices if value != Channel.PLAN],
        widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )
    filed_by = forms.ChoiceField(
        label=_("Filed by"), choices=FiledBy.choices, widget=forms.RadioSelect, initial=FiledBy.SELF
    )
    representative = RepresentativeChoiceField(
        label=_("Representative who filed it"),
        queryset=Representative.objects.none(),
        required=False,
        help_text=_("Only when a legal representative or a de facto carer files it."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    not_offered = forms.CharField(
        label=_("Asked for something the programme does not offer"),
        required=False,
        help_text=_(
            "One request per line, in the person's words (for example: cleaning, yoga). "
            "It is counted as unmet demand for the next needs diagnosis."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["services"]
        ).queryset = services_open_for_applications()
        field = cast(forms.ModelChoiceField, self.fields["representative"])
        field.queryset = Representative.objects.filter(
            person=person, valid_to__isnull=True
        ).select_related("representative")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("filed_by") not in (None, FiledBy.SELF) and not data.get("representative"):
            self.add_error("representative", _("Choose the representative who filed it."))
        requests = [" ".join(line.split()) for line in data.get("not_offered", "").splitlines()]
        data["not_offered"] = [line for line in requests if line]
        if any(len(line) > 200 for line in data["not_offered"]):
            self.add_error("not_offered", _("Keep each request under 200 characters."))
        return data


class IntakeSearchForm(GovukForm):
    q = forms.CharField(
        label=_("Who is calling? Surname, first name, PESEL or phone"),
        required=False,
        max_length=100,
        help_text=_("For example: kowalski jan, 44051401359, 533848489."),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class NeedsAssessmentForm(GovukForm):
    assessed_on = GovukDateField(label=_("Date of the assessment"))
    place = forms.ChoiceField(
        label=_("Where it took place"), choices=AssessmentPlace.choices, widget=forms.RadioSelect
    )
    place_note = forms.CharField(
        label=_("Place details"),
        required=False,
        max_length=200,
        help_text=_("For example: the person's flat, the hospital ward, the day home."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Special-category data: only staff who may read health and disability data see "
            "them, and every reading is recorded."
        ),
    )
    fitting_services = ServiceChoiceField(
        label=_("Services that fit the person's needs"),
        queryset=ProgrammeService.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_needed = forms.BooleanField(
        label=_("An individual plan (IPUS) is needed"),
        required=False,
        help_text=_("The person needs services coordinated for at least 3 months."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["fitting_services"]
        ).queryset = services_open_for_applications()


class RefusalForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        help_text=_("The person will read this. Say which condition is not met and why."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProviderChoiceForm(GovukForm):
    provider = ProviderChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the provider.")},
        help_text=_("Providers with a contract for this service today."),
    )

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["provider"]).queryset = providers


class EntitlementReasonForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason.")},
    )


class PromoteForm(GovukForm):
    """What the confirmation page showed: the waiting requests to move, in order (their ids).
    The service moves nobody if the list is no longer the same."""

    expected = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)

    def clean_expected(self) -> list[int]:
        parts = [part for part in self.cleaned_data["expected"].split(",") if part]
        if not all(part.isascii() and part.isdigit() and len(part) <= 12 for part in parts):
            raise forms.ValidationError(
                _("The page was out of date. Check who will be moved and confirm again."),
                code="expected",
            )
        return [int(part) for part in parts]
