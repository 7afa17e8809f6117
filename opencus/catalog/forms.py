from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from opencus.catalog import selectors
from opencus.catalog.models import ProgrammeService
from opencus.core.forms import GovukForm, GovukModelForm


class ServiceFilterForm(GovukForm):
    """The filter above the public list of services: one area, one target group (GET)."""

    area = forms.ChoiceField(label=_("Area"), required=False)
    group = forms.ChoiceField(label=_("Who it is for"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        area = cast(forms.ChoiceField, self.fields["area"])
        area.choices = everything + [(a.slug, str(a)) for a in selectors.areas()]
        group = cast(forms.ChoiceField, self.fields["group"])
        group.choices = everything + [(g.slug, str(g)) for g in selectors.target_groups()]
        self.fields["area"].error_messages["invalid_choice"] = _("Choose an area from the list.")
        self.fields["group"].error_messages["invalid_choice"] = _(
            "Choose who the service is for from the list."
        )


class ProgrammeServiceForm(GovukModelForm):
    """The service card as staff with ``catalog.manage`` edit it (the programme, address name
    and creation stay in the administration panel)."""

    class Meta:
        model = ProgrammeService
        fields = [
            "name",
            "summary",
            "description",
            "areas",
            "target_groups",
            "target_group_description",
            "eligibility_rules",
            # The number of places is changed on the queue's own page (intake), which fills
            # added places from the waiting list at once; only its period is edited here.
            "capacity_period",
            "fee_kind",
            "fee_amount",
            "fee_unit",
            "fee_description",
            "qualification_mode",
            "quality_standard",
            "how_to_apply",
            "documents",
            "legal_basis",
            "locations",
            "contact_phone",
            "contact_email",
            "status",
            "is_public",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "locations": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "eligibility_rules": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
            "qualification_mode": forms.RadioSelect,
            "fee_kind": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fee_amount"].widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "decimal"}
        )

    def clean_eligibility_rules(self) -> Any:
        # An empty box means "no conditions", stored as {} (the column is not nullable).
        return self.cleaned_data.get("eligibility_rules") or {}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("fee_kind")
        if kind == "flat" and cleaned.get("fee_amount") is None:
            self.add_error("fee_amount", _("Enter the fee amount for a flat fee."))
        if kind == "free" and cleaned.get("fee_amount"):
            self.add_error("fee_amount", _("A free service has no fee amount: leave it empty."))
        return cleaned
