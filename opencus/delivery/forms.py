"""Forms of the centre's settlement pages."""

from __future__ import annotations

from django import forms

from opencus.core.forms import GovukForm


class ApproveForm(GovukForm):
    """The total the approver was shown: the service approves that amount or nothing."""

    total = forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.HiddenInput)
