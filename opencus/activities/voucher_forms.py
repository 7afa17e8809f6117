"""The vouchers' forms: the clerk's issue form and the venue's code form (phone)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.catalog.models import ProgrammeService
from opencus.core.forms import GovukDateField, GovukForm


class VoucherIssueForm(GovukForm):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ProgrammeService.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the service.")},
    )
    valid_from = GovukDateField(label=_("Valid from"), required=False)
    valid_until = GovukDateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty for 30 days from the first valid day."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (for the type checker)
        field.queryset = services


class VoucherCodeForm(GovukForm):
    code = forms.CharField(
        label=_("Voucher code"),
        max_length=20,
        help_text=_("11 letters and digits, as printed on the voucher, for example K7QF-M2XH-9RC."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code printed on the voucher.")},
    )
