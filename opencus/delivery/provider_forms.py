"""Forms of the provider's pages: a delivery of today (or yesterday) per client row, a
correction of a record, and the upload of a month's file."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from opencus.core.forms import GovukForm
from opencus.delivery.imports import MAX_BYTES

#: A submission's key: the form's one-time token, an API call's ``Idempotency-Key``.
REQUEST_KEY = RegexValidator(r"^[A-Za-z0-9_\-]{8,64}\Z")


def request_token() -> str:
    """A fresh one-time token for a form that records a delivery."""
    return secrets.token_urlsafe(18)


class TodayForm(GovukForm):
    """Units delivered to one client; the day is chosen on the page (today or yesterday).

    ``token`` is the form's one-time token: a second tap on "Record" sends it again, and the
    ledger records the delivery once (``delivery_record(request_key=…)``)."""

    units = forms.CharField(
        label=_("Units"),
        initial="1",
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input--width-3", "autocomplete": "off"}
        ),
    )

    token = forms.CharField(
        required=False, max_length=64, validators=[REQUEST_KEY], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, client_name: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"token": request_token()})
        super().__init__(*args, **kwargs)
        if client_name:
            self.fields["units"].label = _("Units for %(name)s") % {"name": client_name}


class CorrectionForm(GovukForm):
    note = forms.CharField(
        label=_("Why is the record corrected?"),
        help_text=_("For example: entered twice, or the visit did not take place."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(GovukForm):
    file = forms.FileField(
        allow_empty_file=True,
        label=_("File with the month's deliveries"),
        help_text=_(
            "CSV (UTF-8, columns separated by ; or ,) or XLSX, at most 2 MB and 5,000 rows,"
            " with the header row of the template."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx", "class": "govuk-file-upload"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: split it into smaller ones.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload
