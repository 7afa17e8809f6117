"""Forms of the provider pages. They check the shape of the input; the services check the
rules (valid NIP/REGON/KRS, unique NIP, lines within the contract's period and value)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService, Unit
from opencus.core.forms import GovukDateField, GovukForm
from opencus.core.identifiers import validate_postcode
from opencus.providers.models import ContractStatus, LinePeriod, ProcurementMode, ProviderKind


class ProviderFilterForm(GovukForm):
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all"))] + ProviderKind.choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose a kind from the list.")


class ProviderForm(GovukForm):
    name = forms.CharField(label=capfirst(_("name")), max_length=250)
    short_name = forms.CharField(label=_("Short name"), max_length=80, required=False)
    legal_form = forms.CharField(
        label=_("Legal form"),
        max_length=120,
        required=False,
        help_text=_("For example: association, foundation, social cooperative, limited company."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ProviderKind.choices, widget=forms.RadioSelect
    )
    # Typed as on documents ("123-456-32-18", "PL1234563218"); the service keeps the digits.
    nip = forms.CharField(label=_("NIP"), max_length=20)
    regon = forms.CharField(label=_("REGON"), max_length=20)
    krs = forms.CharField(
        label=_("KRS"), max_length=20, required=False, help_text=_("10 digits, if registered.")
    )
    street = forms.CharField(label=_("Street"), max_length=120, required=False)
    building_number = forms.CharField(label=_("Building number"), max_length=12, required=False)
    flat_number = forms.CharField(label=_("Flat number"), max_length=12, required=False)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=6, required=False, validators=[validate_postcode]
    )
    locality = forms.CharField(label=_("Locality"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nip", "regon", "krs"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input--width-20", "spellcheck": "false"}
            )


class StaffAttachForm(GovukForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("The login of an existing user account. They get the provider staff role."),
    )
    valid_from = GovukDateField(label=_("From"), required=False)

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No user account has this name."))
        return user


class ContractForm(GovukForm):
    number = forms.CharField(label=_("Contract number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=250)
    procurement_mode = forms.ChoiceField(
        label=_("Procurement mode"), choices=ProcurementMode.choices, widget=forms.RadioSelect
    )
    signed_on = GovukDateField(label=_("Signed on"), required=False)
    valid_from = GovukDateField(label=_("Valid from"))
    valid_to = GovukDateField(label=_("Valid until"))
    total_value = forms.DecimalField(
        label=_("Total value (PLN)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ContractStatus.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["total_value"].widget.attrs.update(
            {"class": "govuk-input--width-10", "inputmode": "decimal"}
        )


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.programme.name})"


class ContractLineForm(GovukForm):
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=ProgrammeService.objects.select_related("programme").order_by("name", "id"),
        empty_label=_("Choose"),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    # The service refuses zero and negative prices with its own message.
    unit_price = forms.DecimalField(label=_("Unit price (PLN)"), max_digits=10, decimal_places=2)
    max_units = forms.IntegerField(label=_("Maximum units"))
    period = forms.ChoiceField(label=_("Maximum units per"), choices=LinePeriod.choices)
    valid_from = GovukDateField(
        label=_("Valid from"), required=False, help_text=_("Leave empty for the contract's start.")
    )
    valid_to = GovukDateField(
        label=_("Valid until"), required=False, help_text=_("Leave empty for the contract's end.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].error_messages["invalid_choice"] = _(
            "Choose a service from the list."
        )
        for name in ("unit_price", "max_units"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input--width-10", "inputmode": "decimal"}
            )

    def line_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("valid_from", "valid_to"):
            if data.get(name) is None:
                data.pop(name, None)
        return data


class LineEndForm(GovukForm):
    ended_on = GovukDateField(label=_("Last day of the line"))
