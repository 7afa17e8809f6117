from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from opencus.catalog import selectors
from opencus.catalog.models import Location, Programme, ProgrammeService
from opencus.catalog.translation import (
    LOCATION_TEXT_FIELDS,
    PROGRAMME_TEXT_FIELDS,
    SERVICE_TEXT_FIELDS,
)
from opencus.core.forms import GovukForm, GovukModelForm

#: The languages of the catalogue's texts, Polish (the text of record) first.
CONTENT_LANGUAGES = (
    ("pl", _("Polish"), _("Polish version")),
    ("uk", _("Ukrainian"), _("Ukrainian version")),
    ("en", _("English"), _("English version")),
)


def translated_fields(base: tuple[str, ...]) -> list[str]:
    """``name`` → ``name_pl``, ``name_uk``, ``name_en`` … language by language."""
    return [f"{name}_{code}" for code, _label, _legend in CONTENT_LANGUAGES for name in base]


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
            *translated_fields(SERVICE_TEXT_FIELDS),
            "areas",
            "target_groups",
            "eligibility_rules",
            # The number of places is changed on the queue's own page (intake), which fills
            # added places from the waiting list at once; only its period is edited here.
            "capacity_period",
            "fee_kind",
            "fee_amount",
            "fee_unit",
            "qualification_mode",
            "quality_standard",
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
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 2}) for code in ("pl", "uk", "en")},
            "eligibility_rules": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
            "qualification_mode": forms.RadioSelect,
            "fee_kind": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fee_amount"].widget.attrs.update(
            {"class": "govuk-input--width-5", "inputmode": "decimal"}
        )
        model_fields = {field.name: field for field in ProgrammeService._meta.get_fields()}
        for code, language, _legend in CONTENT_LANGUAGES:
            for name in SERVICE_TEXT_FIELDS:
                field = self.fields[f"{name}_{code}"]
                # "Name (Ukrainian)": the error summary says which version is wrong.
                label = getattr(model_fields[name], "verbose_name", name)
                field.label = format_lazy("{} ({})", str(label).capitalize(), language)
                field.widget.attrs.setdefault("lang", code)
                if code != "pl":
                    field.required = False
                    field.help_text = _("Leave empty to show the Polish text.")

    def language_versions(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """The card's texts grouped by language, for a fieldset each: (code, legend, fields)."""
        return [
            (code, legend, [self[f"{name}_{code}"] for name in SERVICE_TEXT_FIELDS])
            for code, _language, legend in CONTENT_LANGUAGES
        ]

    def other_fields(self) -> list[forms.BoundField]:
        translated = set(translated_fields(SERVICE_TEXT_FIELDS))
        return [self[name] for name in self.fields if name not in translated]

    def clean(self) -> dict[str, Any]:
        # An empty text is stored as NULL in a translation (the Polish text shows instead) and
        # as "" in Polish; an empty text that was already empty stays as it was (no change).
        cleaned = self._clean_fee()
        for name in translated_fields(SERVICE_TEXT_FIELDS):
            if name in cleaned and not (cleaned[name] or "").strip():
                before = getattr(self.instance, name, None)
                cleaned[name] = before if not before else ("" if name.endswith("_pl") else None)
        return cleaned

    def clean_eligibility_rules(self) -> Any:
        # An empty box means "no conditions", stored as {} (the column is not nullable).
        return self.cleaned_data.get("eligibility_rules") or {}

    def _clean_fee(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("fee_kind")
        if kind == "flat" and cleaned.get("fee_amount") is None:
            self.add_error("fee_amount", _("Enter the fee amount for a flat fee."))
        if kind == "free" and cleaned.get("fee_amount"):
            self.add_error("fee_amount", _("A free service has no fee amount: leave it empty."))
        return cleaned


class _TextsForm(GovukModelForm):
    """The texts of a programme or a place in each language, a fieldset each (as the service
    card's form): labels name the language, inputs carry ``lang``, Polish is required."""

    text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_fields = {field.name: field for field in self._meta.model._meta.get_fields()}
        for code, language, _legend in CONTENT_LANGUAGES:
            for name in self.text_fields:
                field = self.fields[f"{name}_{code}"]
                label = getattr(model_fields[name], "verbose_name", name)
                field.label = format_lazy("{} ({})", str(label).capitalize(), language)
                field.widget.attrs.setdefault("lang", code)
                if code != "pl":
                    field.required = False
                    field.help_text = _("Leave empty to show the Polish text.")
        self.fields["name_pl"].required = True

    def language_versions(self) -> list[tuple[str, Any, list[forms.BoundField]]]:
        """The texts grouped by language, for a fieldset each: (code, legend, fields)."""
        return [
            (code, legend, [self[f"{name}_{code}"] for name in self.text_fields])
            for code, _language, legend in CONTENT_LANGUAGES
        ]

    def clean(self) -> dict[str, Any]:
        # As on the service card: an empty translation is NULL (the Polish text shows), an
        # empty Polish text is ""; a text that was already empty stays as it was.
        super().clean()
        cleaned = self.cleaned_data
        for name in translated_fields(self.text_fields):
            if name in cleaned and not (cleaned[name] or "").strip():
                before = getattr(self.instance, name, None)
                cleaned[name] = before if not before else ("" if name.endswith("_pl") else None)
        return cleaned


class ProgrammeTextsForm(_TextsForm):
    """A programme's name and description in each language (staff with ``catalog.manage``;
    the resolution, dates and status stay in the administration panel)."""

    text_fields = PROGRAMME_TEXT_FIELDS

    class Meta:
        model = Programme
        fields = translated_fields(PROGRAMME_TEXT_FIELDS)


class LocationTextsForm(_TextsForm):
    """A place's name, description and accessibility in each language."""

    text_fields = LOCATION_TEXT_FIELDS

    class Meta:
        model = Location
        fields = translated_fields(LOCATION_TEXT_FIELDS)
